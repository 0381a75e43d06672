import type { MessageRecord, PersonaRecord } from '../db/records';
import type { ChatStore } from '../chat/chat-store';
import { buildPersonaPrompt } from '../persona/system-prompt';
import type { UserPersona } from '../persona/user-persona';

import { GREETING_ENGINE } from '../db/records';
export { GREETING_ENGINE };

/** Whether a stored message is the persona's greeting. */
export const isGreeting = (m: Pick<MessageRecord, 'role' | 'engine'>) =>
  m.role === 'assistant' && m.engine === GREETING_ENGINE;

/** What a session needs to find a conversation's persona. */
export interface PersonaLookup {
  /** The persona new conversations get (the active one). */
  persona: () => PersonaRecord;
  /** A conversation's persona by id (a deleted one resolves to another); absent: always the active one. */
  personaFor?: (personaId: string) => Promise<PersonaRecord>;
}

/**
 * The persona of a conversation: the one it was started with, not whichever is active now.
 * No conversation (none open yet) means the active persona.
 */
export async function personaOfConversation(
  deps: PersonaLookup & { chat: Pick<ChatStore, 'getConversation'> },
  conversationId: string | null,
): Promise<PersonaRecord> {
  if (!conversationId || !deps.personaFor) return deps.persona();
  const conversation = await deps.chat.getConversation(conversationId);
  return conversation ? deps.personaFor(conversation.personaId) : deps.persona();
}

/** The greetings a conversation with `persona` may open with (first_mes, then the alternates), macros expanded. */
export function greetingsOf(
  persona: PersonaRecord,
  user: UserPersona | undefined,
  conversationId: string | null,
  now: number,
): string[] {
  return buildPersonaPrompt(persona, {
    user,
    conversationId: conversationId ?? undefined,
    now: new Date(now),
  }).greetings;
}
