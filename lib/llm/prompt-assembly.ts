import type { PromptMessage } from './engine';
import { EngineError } from './errors';
import { PER_MESSAGE_OVERHEAD, estimateTokens } from './token-estimate';

/** A turn of the conversation as prompt assembly sees it. */
export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** Everything a prompt is built from. */
export interface PromptInput {
  /** The persona's system prompt: always sent whole, never truncated. */
  system: string;
  /** Further context blocks (memories, the page), each dropped whole, last first, when space runs out. */
  context?: string[];
  /** The conversation, oldest first; the last turn is the user message being answered. */
  history: HistoryTurn[];
  /** The model's context window in tokens. */
  contextWindow: number;
  /** Tokens kept free for the reply. */
  reserveForReply: number;
  countTokens?: (text: string) => number;
}

/** The prompt to send, and what had to be left out to fit the window. */
export interface AssembledPrompt {
  messages: PromptMessage[];
  /** Earlier turns that did not fit (they remain stored, only not sent). */
  droppedTurns: number;
  /** The context blocks that fit, in order; the others were left out whole. */
  includedContext: string[];
  tokens: number;
}

/** The line that tells the model that older turns exist but are not shown. */
export const OMITTED_NOTE = '(Earlier parts of this conversation are not shown here.)';

/**
 * Builds a prompt that fits the context window: the system prompt and the newest user
 * message are mandatory (if they cannot fit, the caller gets a clear error instead of a
 * silent truncation); then as many recent turns as fit, newest first; then context blocks.
 */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const count = (text: string) => (input.countTokens ?? estimateTokens)(text) + PER_MESSAGE_OVERHEAD;
  const budget = input.contextWindow - input.reserveForReply;
  const turns = input.history.filter((t) => t.content.trim().length > 0);
  const latest = turns.at(-1);
  if (!latest || latest.role !== 'user')
    throw new Error('assemblePrompt needs the user message to answer last.');

  const systemTokens = count(input.system);
  if (systemTokens > budget) {
    throw new EngineError(
      'context-overflow',
      `The persona's description is too long for this model (about ${systemTokens} tokens; the model has room for ${budget}). Shorten it in the options page or pick a model with a larger context.`,
    );
  }
  const latestTokens = count(latest.content);
  const noteTokens = count(OMITTED_NOTE);
  if (systemTokens + latestTokens > budget) {
    throw new EngineError(
      'context-overflow',
      `Your message is too long for this model (about ${latestTokens} tokens; there is room for ${budget - systemTokens}). Shorten it or pick a model with a larger context.`,
    );
  }

  // Newest turns first, while they fit (keeping room for the omission note).
  let used = systemTokens + latestTokens;
  const kept: HistoryTurn[] = [latest];
  let index = turns.length - 2;
  for (; index >= 0; index--) {
    const turn = turns[index]!;
    const cost = count(turn.content);
    const reserve = index > 0 ? noteTokens : 0;
    if (used + cost + reserve > budget) break;
    used += cost;
    kept.unshift(turn);
  }
  // Chat templates expect the history to open with a user turn.
  while (kept.length > 1 && kept[0]!.role !== 'user') {
    used -= count(kept.shift()!.content);
    index++;
  }
  const droppedTurns = turns.length - kept.length;
  if (droppedTurns > 0) used += noteTokens;

  const context: string[] = [];
  for (const block of input.context ?? []) {
    const cost = count(block);
    if (used + cost <= budget) {
      context.push(block);
      used += cost;
    }
  }

  const systemText = [input.system, ...context, droppedTurns > 0 ? OMITTED_NOTE : '']
    .filter(Boolean)
    .join('\n\n');
  return {
    messages: [
      { role: 'system', content: systemText },
      ...kept.map((t) => ({ role: t.role, content: t.content })),
    ],
    droppedTurns,
    includedContext: context,
    tokens: used,
  };
}
