import type { MessageRecord, PersonaRecord } from '../db/records';
import type { ShownMessage } from '../chat/chat-turn';
import type { ChatEngine } from '../llm/engine';
import { USER_SPEAKER } from '../memory/fact-text';
import type { TurnMood } from '../mood/mood-service';
import type { ChatSessionDeps } from './chat-session';
import { emotionsOfTurn } from './turn-mood';

/** A finished turn, as the memory step after the reply receives it. */
export interface FinishedTurn {
  user: MessageRecord | undefined;
  reply: ShownMessage;
  engine: ChatEngine;
  /** The mood the turn was answered in, or null without one. */
  mood: TurnMood | null;
  /** The conversation's persona: the memories are its own (and shared facts about the user). */
  persona: PersonaRecord;
}

/**
 * After the reply and off its path: the reply moves the mood lightly, then the turn is
 * remembered with the emotion each message carried. Nothing here can fail the turn: an
 * unsaved, failed or empty reply teaches nothing, and a storage failure is only logged.
 */
export function rememberTurn(
  deps: Pick<ChatSessionDeps, 'hooks' | 'memory' | 'changes'>,
  { user, reply, engine, mood, persona }: FinishedTurn,
): void {
  if (reply.unsaved || reply.status === 'error' || !reply.content.trim()) return;
  const turn = user ? [user, reply] : [reply];
  void emotionsOfTurn(deps.hooks?.appraise, persona.id, user, reply, mood)
    .then((emotions) =>
      deps.memory.ingest(turn, { user: USER_SPEAKER, companion: persona.name }, engine, emotions, {
        id: persona.id,
        keepsToItself: persona.keepsToItself,
      }),
    )
    .then((ids) => ids.length && deps.changes.publish({ topic: 'memories', ids }))
    .catch((error: unknown) => console.warn('Hearth: could not store memories', error));
}
