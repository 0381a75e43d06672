/*
 * The token budget. Entries that fired in one scan round are ranked by what the spec says
 * to keep first: higher `priority`, then higher `insertion_order` (the spec allows removing
 * the lowest first), then book order. Each is kept if it still fits; one that does not is
 * dropped with its size and what was left, and smaller ones ranked after it may still fit.
 * Constant entries are ranked like the rest: the budget may drop them, and the report says so.
 */

/** The budget as activation tracks it across rounds. */
export type BudgetState = { limit: number | null; used: number };

/** One fired entry waiting for room. */
export type BudgetCandidate = { index: number; priority: number; insertionOrder: number; tokens: number };

/** The outcome for one round: the indexes kept, and why each other was dropped. */
export type BudgetRound = { kept: number[]; dropped: { index: number; detail: string }[] };

/** Ranks the candidates, keeps those that fit, and adds their tokens to `state.used`. */
export function fitBudget(candidates: readonly BudgetCandidate[], state: BudgetState): BudgetRound {
  const ranked = [...candidates].sort(
    (a, b) => b.priority - a.priority || b.insertionOrder - a.insertionOrder || a.index - b.index,
  );
  const round: BudgetRound = { kept: [], dropped: [] };
  for (const candidate of ranked) {
    if (state.limit === null || state.used + candidate.tokens <= state.limit) {
      state.used += candidate.tokens;
      round.kept.push(candidate.index);
    } else {
      round.dropped.push({
        index: candidate.index,
        detail: `needs ${candidate.tokens} tokens; ${state.limit - state.used} of the ${state.limit}-token budget left`,
      });
    }
  }
  return round;
}
