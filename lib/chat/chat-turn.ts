import type { ChatEngine, PromptMessage } from '../llm/engine';
import { isAbort, toEngineError } from '../llm/errors';
import type { MessageRecord } from '../db/records';
import type { ChatStore } from './chat-store';

/** How many stored messages a prompt may look back over; older ones never fit a window anyway. */
export const HISTORY_LOOKBACK = 400;

/** How often, at most, a growing reply is written to storage while it streams. */
const SAVE_EVERY_MS = 400;

/** A message as the panel shows it: `unsaved` when storage refused it (a full disk). */
export type ShownMessage = MessageRecord & { unsaved?: boolean };

/** Everything the engine-and-store step of a turn needs. */
export interface ReplyRequest {
  store: ChatStore;
  engine: ChatEngine;
  conversationId: string;
  prompt: PromptMessage[];
  /** The memories the model was shown that the reply's chips name. */
  memories?: { id: string; text: string }[];
  /** The lorebook's activation report for this reply (the activation inspector reads it). */
  lorebook?: MessageRecord['lorebook'];
  temperature: number;
  maxReplyTokens: number;
  signal: AbortSignal;
  /** The reply so far; called per chunk, so the caller batches what it renders. */
  onProgress: (message: ShownMessage) => void;
  now?: () => number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Streams the engine's reply and stores it. The reply is stored from its start, so
 * closing the panel mid-way keeps what was said; it ends as complete, stopped (the user
 * pressed stop) or error (the error in words, the partial text kept). If storage refuses
 * the reply (a full disk), it comes back marked unsaved with the reason, never as complete.
 */
export async function streamReply(request: ReplyRequest): Promise<ShownMessage> {
  const { store, engine, signal, onProgress } = request;
  const now = request.now ?? (() => Date.now());
  let message: ShownMessage = await store.addMessage({
    conversationId: request.conversationId,
    role: 'assistant',
    content: '',
    status: 'stopped',
    engine: engine.kind,
    model: engine.loadedModel() ?? undefined,
    ...(request.memories?.length ? { memories: request.memories } : {}),
    ...(request.lorebook ? { lorebook: request.lorebook } : {}),
  });
  onProgress(message);
  let text = '';
  let ending: Pick<MessageRecord, 'status' | 'error'>;
  try {
    let lastSave = now();
    for await (const delta of engine.stream(request.prompt, {
      signal,
      temperature: request.temperature,
      maxTokens: request.maxReplyTokens,
    })) {
      text += delta;
      message = { ...message, content: text };
      onProgress(message);
      if (now() - lastSave > SAVE_EVERY_MS) {
        lastSave = now();
        // A failed interim save is not the end of the reply: the final write tries again.
        await store.updateMessage(message.id, { content: text }).catch(() => {});
      }
    }
    ending = { status: 'complete' };
  } catch (error) {
    ending =
      isAbort(error) || signal.aborted
        ? { status: 'stopped' }
        : { status: 'error', error: toEngineError(error).message };
  }
  try {
    message = await store.updateMessage(message.id, { content: text, ...ending });
  } catch (error) {
    message = {
      ...message,
      content: text,
      status: 'error',
      error: `This reply was not saved: ${errorText(error)}`,
      unsaved: true,
    };
  }
  onProgress(message);
  return message;
}
