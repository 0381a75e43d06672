import type { LorePosition, MatchDefaults, SelectiveLogic } from './normalize';
import type { Lorebook } from './schema';

/** Why an entry fired: always on, a key in a recent turn, or another entry's content. */
export type Activation =
  | { kind: 'constant' }
  | {
      kind: 'key';
      key: string;
      /** 1 is the latest turn, 2 the one before, … */
      depth: number;
      /** Index of that turn in the `turns` given. */
      turnIndex: number;
      /** The secondary key that satisfied the logic, when one did. */
      secondaryKey?: string;
    }
  | {
      kind: 'recursion';
      key: string;
      /** 1 when triggered by entries that fired on the chat, 2 by those, … */
      level: number;
      /** Index of the entry whose content held the key. */
      fromEntry: number;
      secondaryKey?: string;
    };

/** Why an entry is not in the prompt. */
export type SkipReason =
  | 'disabled'
  | 'empty-content'
  | 'no-keys'
  | 'no-key-matched'
  | 'secondary-logic-failed'
  | 'invalid-regex'
  | 'over-budget'
  | 'recursion-cap'
  | 'delayed-until-recursion';

/** What the activation inspector shows for one entry. */
export type EntryReport = {
  index: number;
  label: string;
  position: LorePosition;
  insertionOrder: number;
  priority: number;
  constant: boolean;
  outcome: 'inserted' | 'skipped';
  /** Present when the entry fired (also when the budget then dropped it). */
  activation?: Activation;
  /** Tokens of its content, when it fired and was counted. */
  tokens?: number;
  /** Present when the entry is not in the prompt. */
  skip?: { reason: SkipReason; detail: string };
  /** The logic used, when secondary keys apply. */
  logic?: SelectiveLogic;
};

/** One entry to put into the prompt. */
export type InsertedEntry = {
  index: number;
  label: string;
  content: string;
  insertionOrder: number;
  tokens: number;
  activation: Activation;
};

/** What activation asks for. */
export type ActivationInput = {
  book: Lorebook;
  /** The conversation's turns' text, oldest first; the latest message last. */
  turns: readonly string[];
  /** Counts tokens the way the prompt's budget does. */
  countTokens: (text: string) => number;
  /** The lorebook's share of the prompt, in tokens; the book's own `token_budget` applies within it. */
  budgetTokens?: number;
  /** Most recursion levels when the book scans recursively (default 3). */
  maxRecursionDepth?: number;
  /** Settings for what neither the entry nor the book says. */
  defaults?: MatchDefaults;
  /** Applied to keys and content before matching and counting (macros). */
  expand?: (text: string) => string;
};

/** The result: entries to insert, grouped by position and in order, and a report on every entry. */
export type LorebookActivation = {
  inserted: Record<LorePosition, InsertedEntry[]>;
  /** One per entry, in the book's order. */
  report: EntryReport[];
  budget: { limit: number | null; used: number; source: 'book' | 'prompt' | 'none' };
  scanDepth: number;
  recursion: { enabled: boolean; maxDepth: number; levelsRun: number };
};
