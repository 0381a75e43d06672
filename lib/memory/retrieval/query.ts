import type { MemoryLexicalIndex } from '../lexical/memory-index';

/** Pseudo-relevance feedback settings: how many top memories lend how many terms, at what weight. */
export interface ExpansionOptions {
  docs: number;
  terms: number;
  weight: number;
}

/** The query's own index terms, each with weight 1. */
export function queryTerms(index: MemoryLexicalIndex, text: string): Map<string, number> {
  const terms = new Map<string, number>();
  for (const t of index.tokenize(text)) terms.set(t, 1);
  return terms;
}

/**
 * Query expansion by pseudo-relevance feedback (in the spirit of RM3): the terms that
 * weigh most (frequency × idf) in the best lexical hits join the query at a lower weight,
 * so "destress" also finds turns that say "relax" next to the same words.
 */
export function expandQuery(
  index: MemoryLexicalIndex,
  base: ReadonlyMap<string, number>,
  topIds: readonly string[],
  options: ExpansionOptions,
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const id of topIds.slice(0, options.docs)) {
    const terms = index.termsOf(id);
    if (!terms) continue;
    let length = 0;
    for (const count of terms.values()) length += count;
    for (const [term, count] of terms) {
      if (base.has(term)) continue;
      weights.set(term, (weights.get(term) ?? 0) + (count / Math.max(length, 1)) * index.idf(term));
    }
  }
  const best = [...weights].sort((a, b) => b[1] - a[1]).slice(0, options.terms);
  const top = best[0]?.[1] ?? 0;
  const expanded = new Map(base);
  if (top > 0) for (const [term, w] of best) expanded.set(term, (options.weight * w) / top);
  return expanded;
}
