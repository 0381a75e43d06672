import type { MessageRecord } from '../db/records';
import type { ChatStore } from '../chat/chat-store';
import type { TurnMood } from '../mood/mood-service';
import { CARE_ENGINE, CARE_RESPONSE, signalsCare } from '../mood/safety';
import type { MemoryEmotion } from '../memory/records';

/** What the session asks the background to appraise (the mood/appraise message). */
export interface AppraiseInput {
  personaId: string;
  messageId: string;
  text: string;
  role: 'user' | 'assistant';
}

/** The session's appraisal hook: the background's mood/appraise (lib/mood/mood-client.ts). */
export type AppraiseHook = (input: AppraiseInput) => Promise<TurnMood>;

/** How long a turn waits for the background's mood before going on without it. */
export const APPRAISE_WAIT_MS = 5000;

/**
 * Appraises through the hook; never fails the turn. A background that cannot answer (an
 * error, or no answer in APPRAISE_WAIT_MS) means a reply without mood, not no reply.
 */
export async function appraiseSafely(
  hook: AppraiseHook | undefined,
  input: AppraiseInput,
  wait = APPRAISE_WAIT_MS,
): Promise<TurnMood | null> {
  if (!hook) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      hook(input),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), wait))),
    ]);
  } catch (error) {
    console.warn('Hearth: the mood could not be updated; replying without it', error);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a stored message is the fixed care response. */
export const isCareMessage = (m: Pick<MessageRecord, 'role' | 'engine'>) =>
  m.role === 'assistant' && m.engine === CARE_ENGINE;

/**
 * The conversation up to the user's last message, that message, and whether the care
 * response already follows it (a regenerated reply does not show it twice).
 */
export function splitAtUser(stored: readonly MessageRecord[]): {
  history: MessageRecord[];
  user: MessageRecord | undefined;
  careShown: boolean;
} {
  let index = stored.length - 1;
  while (index >= 0 && stored[index]!.role !== 'user') index--;
  const after = stored.slice(index + 1);
  if (index < 0 || !after.every(isCareMessage))
    return { history: [...stored], user: stored.at(-1), careShown: false };
  return { history: stored.slice(0, index + 1), user: stored[index], careShown: after.length > 0 };
}

/** Stores and returns the fixed care response: written by Hearth, not by a model. */
export function storeCareMessage(chat: ChatStore, conversationId: string): Promise<MessageRecord> {
  return chat.addMessage({
    conversationId,
    role: 'assistant',
    content: CARE_RESPONSE,
    status: 'complete',
    engine: CARE_ENGINE,
  });
}

/**
 * The mood side of a turn, before recall: the conversation up to the user's message, the
 * background's appraisal of it (null when it cannot answer), and the care response, stored
 * and shown (once) before the model's reply when the message calls for it. The care check
 * is Hearth's own rules, run here: it depends on neither the background nor the engine.
 */
export async function moodForTurn(input: {
  hook: AppraiseHook | undefined;
  chat: ChatStore;
  conversationId: string;
  personaId: string;
  stored: readonly MessageRecord[];
  showCare: (message: MessageRecord) => void;
}): Promise<{
  history: MessageRecord[];
  user: MessageRecord | undefined;
  mood: TurnMood | null;
  care: boolean;
}> {
  const { history, user, careShown } = splitAtUser(input.stored);
  const mood = user
    ? await appraiseSafely(input.hook, {
        personaId: input.personaId,
        messageId: user.id,
        text: user.content,
        role: 'user',
      })
    : null;
  const care = !!user && signalsCare(user.content);
  if (care && !careShown) input.showCare(await storeCareMessage(input.chat, input.conversationId));
  return { history, user, mood, care };
}

/** The reply's own (light) appraisal, then the emotion of each message of the turn for memory. */
export async function emotionsOfTurn(
  hook: AppraiseHook | undefined,
  personaId: string,
  user: MessageRecord | undefined,
  reply: MessageRecord,
  mood: TurnMood | null,
): Promise<Record<string, MemoryEmotion>> {
  const own = await appraiseSafely(hook, {
    personaId,
    messageId: reply.id,
    text: reply.content,
    role: 'assistant',
  });
  const emotions: Record<string, MemoryEmotion> = {};
  if (user && mood) emotions[user.id] = mood.emotion;
  if (own) emotions[reply.id] = own.emotion;
  return emotions;
}
