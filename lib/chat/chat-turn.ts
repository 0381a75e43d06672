import type { ChatEngine } from '../llm/engine';
import { isAbort, toEngineError } from '../llm/errors';
import { assemblePrompt, type AssembledPrompt } from '../llm/prompt-assembly';
import type { MessageRecord } from '../db/records';
import type { ChatStore } from './chat-store';

/** How many stored messages a prompt may look back over; older ones never fit a window anyway. */
export const HISTORY_LOOKBACK = 400;

/** Memories found for a turn: the prompt block and what to show as "remembered". */
export interface Recollection {
  block: string | null;
  refs: { id: string; text: string }[];
}

/** What a turn needs besides the store and the engine. */
export interface TurnContext {
  systemPrompt: string;
  /** Context blocks (the page, later) in order of priority, after memories. */
  context?: string[];
  temperature: number;
  maxReplyTokens: number;
  /**
   * Looks up memories for the user's message, leaving out those that came from messages
   * already in the prompt (their ids are given).
   */
  recall?: (userText: string, inPrompt: ReadonlySet<string>) => Promise<Recollection>;
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
    const turns = history.map((m) => ({ role: m.role, content: m.content }));
    const base = {
      system: context.systemPrompt,
      history: turns,
      contextWindow: engine.contextWindow(),
      reserveForReply: context.maxReplyTokens,
    };
    // First fit the conversation alone, to know which turns the model will see; memories
    // then add what is not already there, within what space is left.
    prompt = assemblePrompt({ ...base, context: context.context });
    if (context.recall) {
      const inPrompt = new Set(history.slice(history.length - (prompt.messages.length - 1)).map((m) => m.id));
      const recollection = await context
        .recall(history.at(-1)?.content ?? '', inPrompt)
        .catch((error: unknown) => {
          // Memory is a help, never a reason for the reply to fail.
          console.warn('Hearth: recall failed', error);
          return null;
        });
      if (recollection?.block) {
        prompt = assemblePrompt({ ...base, context: [recollection.block, ...(context.context ?? [])] });
        // Chips only for memories the model was actually shown.
        if (prompt.includedContext.includes(recollection.block)) {
          message = await store.updateMessage(message.id, { memories: recollection.refs });
        }
      }
    }
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
