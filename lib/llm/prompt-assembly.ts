import type { PromptMessage } from './engine';
import { EngineError } from './errors';
import { PER_MESSAGE_OVERHEAD, estimateTokens } from './token-estimate';

/** A turn of the conversation as prompt assembly sees it. */
export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The named places in the system message that context fills. Only `memories` is filled
 * today; mood, relationship and the page plug in here with their own share of the window.
 */
export type SlotName = 'memories' | 'mood' | 'relationship' | 'page' | 'examples' | 'greeting';

/**
 * One kind of context with its own share of the window. Items are whole lines, most
 * relevant first: when the share runs out, the least relevant are left out whole, never
 * cut halfway.
 */
export interface PromptSlot {
  name: SlotName;
  /** The line that introduces the items (counted once, sent only with at least one item). */
  heading: string;
  items: readonly string[];
  /** Fraction of the room left after the persona and the user's message (0 to 1). */
  share: number;
}

/** Shares of the window each slot gets unless the caller says otherwise. */
export const DEFAULT_SHARES: Readonly<Record<SlotName, number>> = {
  memories: 0.25,
  mood: 0.03,
  relationship: 0.03,
  page: 0.15,
  examples: 0.1,
  greeting: 0.1,
};

/** The lorebook's share of the room left after the persona and the user's message (its entries join the persona). */
export const LORE_SHARE = 0.15;

/** How the reminder is framed where it goes: after the user's message, marked as not theirs. */
export const reminderNote = (reminder: string) => `(Note from Hearth, not from the user: ${reminder})`;

/** Everything a prompt is built from. */
export interface PromptInput {
  /** The persona's system prompt: always sent whole, never truncated. */
  system: string;
  /** Context slots in the order they appear after the persona. */
  slots?: readonly PromptSlot[];
  /** The conversation, oldest first; the last turn is the user message being answered. */
  history: HistoryTurn[];
  /** The model's context window in tokens. */
  contextWindow: number;
  /** Tokens kept free for the reply. */
  reserveForReply: number;
  /** The engine's token count for a text (synchronous: the caller counts ahead, see token-counter.ts). */
  countTokens?: (text: string) => number;
  /**
   * The persona's reminder (post-history instructions), sent with every prompt near its end:
   * after the user's message in the last turn, where it re-anchors the persona in a long
   * conversation. Not in a system message of its own: web-llm accepts a system message only
   * first, and Chrome's Prompt API folds later ones into the first. Mandatory, like the persona.
   */
  reminder?: string;
}

/** Which items of a slot went into the prompt (indices into its `items`). */
export interface IncludedSlot {
  name: SlotName;
  included: number[];
}

/** The prompt to send, and what had to be left out to fit the window. */
export interface AssembledPrompt {
  messages: PromptMessage[];
  /** Earlier turns that did not fit (they remain stored, only not sent). */
  droppedTurns: number;
  /** Number of history turns sent, the user's message included. */
  keptTurns: number;
  /** Per slot, the items that fit. */
  slots: IncludedSlot[];
  tokens: number;
}

/** The line that tells the model that older turns exist but are not shown. */
export const OMITTED_NOTE = '(Earlier parts of this conversation are not shown here.)';

/** Fills one slot within `cap` tokens: most relevant items first, each whole or not at all. */
function fillSlot(slot: PromptSlot, cap: number, count: (text: string) => number): number[] {
  if (slot.items.length === 0) return [];
  const heading = count(slot.heading) + 1;
  if (heading >= cap) return [];
  let used = heading;
  const included: number[] = [];
  slot.items.forEach((item, i) => {
    const cost = count(item) + 1;
    if (used + cost <= cap) {
      used += cost;
      included.push(i);
    }
  });
  return included;
}

/**
 * Builds a prompt that fits the context window, by shares:
 * 1. the system prompt and the newest user message are mandatory (if they cannot fit, a
 *    clear error instead of a silent truncation);
 * 2. each context slot gets its share of what is left, so a long conversation can never
 *    crowd memories out; a slot's unused room goes to the conversation;
 * 3. then as many recent turns as fit, newest first.
 */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const raw = input.countTokens ?? estimateTokens;
  const count = (text: string) => raw(text) + PER_MESSAGE_OVERHEAD;
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
  const note = input.reminder?.trim() ? reminderNote(input.reminder.trim()) : '';
  const latestContent = note ? `${latest.content}\n\n${note}` : latest.content;
  const latestTokens = count(latestContent);
  const noteTokens = count(OMITTED_NOTE);
  if (note && systemTokens + count(latest.content) <= budget && systemTokens + latestTokens > budget) {
    throw new EngineError(
      'context-overflow',
      `The persona's post-history instructions are too long for this model with your message (about ${latestTokens} tokens with it; there is room for ${budget - systemTokens}). Shorten them in the options page or pick a model with a larger context.`,
    );
  }
  if (systemTokens + latestTokens > budget) {
    throw new EngineError(
      'context-overflow',
      `Your message is too long for this model (about ${latestTokens} tokens; there is room for ${budget - systemTokens}). Shorten it or pick a model with a larger context.`,
    );
  }

  // Context slots first, each within its own share of the room left.
  const room = budget - systemTokens - latestTokens;
  let used = systemTokens + latestTokens;
  const slots: IncludedSlot[] = [];
  const blocks: string[] = [];
  for (const slot of input.slots ?? []) {
    const cap = Math.floor(Math.min(1, Math.max(0, slot.share)) * room);
    const included = fillSlot(slot, Math.min(cap, budget - used), raw);
    slots.push({ name: slot.name, included });
    if (included.length === 0) continue;
    const block = [slot.heading, ...included.map((i) => slot.items[i]!)].join('\n');
    blocks.push(block);
    used += raw(block) + 2;
  }

  // Then the newest turns, while they fit (keeping room for the omission note).
  const kept: HistoryTurn[] = [{ role: 'user', content: latestContent }];
  for (let index = turns.length - 2; index >= 0; index--) {
    const turn = turns[index]!;
    const cost = count(turn.content);
    const reserve = index > 0 ? noteTokens : 0;
    if (used + cost + reserve > budget) break;
    used += cost;
    kept.unshift(turn);
  }
  // Chat templates expect the history to open with a user turn.
  while (kept.length > 1 && kept[0]!.role !== 'user') used -= count(kept.shift()!.content);
  const droppedTurns = turns.length - kept.length;
  if (droppedTurns > 0) used += noteTokens;

  const systemText = [input.system, ...blocks, droppedTurns > 0 ? OMITTED_NOTE : '']
    .filter(Boolean)
    .join('\n\n');
  return {
    messages: [
      { role: 'system', content: systemText },
      ...kept.map((t) => ({ role: t.role, content: t.content })),
    ],
    droppedTurns,
    keptTurns: kept.length,
    slots,
    tokens: used,
  };
}
