import type { PersonaRecord } from '../db/records';
import { activateLorebook } from './lorebook/activate';
import { loreReportOf, type LoreReport } from './lore-report';
import type { LoreText } from './system-prompt';

/** The lorebook's part of one turn: entries' texts by position, and the report kept with the reply. */
export interface TurnLore extends LoreText {
  report: LoreReport | null;
}

/** No lorebook, nothing to insert. */
export const NO_LORE: TurnLore = { before: [], after: [], report: null };

/**
 * Activates the persona's lorebook over the conversation's recent turns (each entry's scan
 * depth) within `budgetTokens` (the lorebook's share of the prompt; the book's own
 * token_budget applies within it). Every dropped entry, constant ones too, is in the report.
 */
export function loreForTurn(input: {
  persona: PersonaRecord;
  /** The turns' texts, oldest first, the user's message last. */
  turns: readonly string[];
  countTokens: (text: string) => number;
  budgetTokens: number;
  expand: (text: string) => string;
}): TurnLore {
  const book = input.persona.lorebook;
  if (!book || book.entries.length === 0) return NO_LORE;
  const activation = activateLorebook({
    book,
    turns: input.turns,
    countTokens: input.countTokens,
    budgetTokens: Math.max(0, input.budgetTokens),
    expand: input.expand,
  });
  return {
    before: activation.inserted.before_char.map((e) => e.content),
    after: activation.inserted.after_char.map((e) => e.content),
    report: loreReportOf(activation),
  };
}
