import type { ChatEngine } from '../llm/engine';
import { isAbort, toEngineError } from '../llm/errors';
import { assemblePrompt, type AssembledPrompt } from '../llm/prompt-assembly';
import type { MessageRecord } from '../db/records';
import type { ChatStore } from './chat-store';

/** How many stored messages a prompt may look back over; older ones never fit a window anyway. */
export const HISTORY_LOOKBACK = 400;

/** What a turn needs besides the store and the engine. */
export interface TurnContext {
  systemPrompt: string;
  /** Context blocks (memories, the page) in order of priority. */
  context?: string[];
  temperature: number;
  maxReplyTokens: number;
}

/** Live progress of one reply, for the UI. */
export interface TurnProgress {
  message: MessageRecord;
  prompt?: AssembledPrompt;
}

/** How often, at most, a growing reply is written to storage while it streams. */
const SAVE_EVERY_MS = 400;

/**
 * Generates the assistant's reply to the conversation as stored (its last message must
 * be the user's). The reply is stored from its first token, so closing the panel mid-way
 * keeps what was said; it ends as complete, stopped (the user pressed stop) or error (the
 * error in words, and the partial text kept).
 */
export async function generateReply(options: {
  store: ChatStore;
  engine: ChatEngine;
  conversationId: string;
  context: TurnContext;
  signal: AbortSignal;
  onProgress: (progress: TurnProgress) => void;
}): Promise<MessageRecord> {
  const { store, engine, conversationId, context, signal, onProgress } = options;
  const history = (await store.getMessages(conversationId, { limit: HISTORY_LOOKBACK })).filter(
    (m) => m.status !== 'error' || m.content.length > 0,
  );
  const model = engine.loadedModel() ?? undefined;
  let message = await store.addMessage({
    conversationId,
    role: 'assistant',
    content: '',
    status: 'stopped',
    engine: engine.kind,
    model,
  });
  let prompt: AssembledPrompt | undefined;
  let text = '';
  try {
    prompt = assemblePrompt({
      system: context.systemPrompt,
      context: context.context,
      history: history.map((m) => ({ role: m.role, content: m.content })),
      contextWindow: engine.contextWindow(),
      reserveForReply: context.maxReplyTokens,
    });
    onProgress({ message, prompt });
    let lastSave = Date.now();
    for await (const delta of engine.stream(prompt.messages, {
      signal,
      temperature: context.temperature,
      maxTokens: context.maxReplyTokens,
    })) {
      text += delta;
      message = { ...message, content: text };
      onProgress({ message, prompt });
      if (Date.now() - lastSave > SAVE_EVERY_MS) {
        lastSave = Date.now();
        await store.updateMessage(message.id, { content: text });
      }
    }
    message = await store.updateMessage(message.id, { content: text, status: 'complete' });
  } catch (error) {
    if (isAbort(error) || signal.aborted) {
      message = await store.updateMessage(message.id, { content: text, status: 'stopped' });
    } else {
      const engineError = toEngineError(error);
      message = await store.updateMessage(message.id, {
        content: text,
        status: 'error',
        error: engineError.message,
      });
    }
  }
  onProgress({ message, prompt });
  return message;
}
