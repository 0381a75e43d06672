/** Share of terms two sets have in common (Jaccard), 0 when either is empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** What diversity selection needs of an item. */
export interface DiversityItem {
  score: number;
  terms: ReadonlySet<string>;
  /** Source ids (message ids or URL) the item cites. */
  sources: readonly string[];
}

/** Options for maximal marginal relevance. */
export interface DiversityOptions {
  /** Trade-off between score (1) and novelty (0). */
  lambda: number;
  /** Similarity at or above which two items count as near-duplicates. */
  nearDuplicate: number;
}

/**
 * Maximal marginal relevance (Carbonell and Goldstein, 1998) over term overlap: picks k
 * items, each time the one whose score minus its similarity to those already picked is
 * highest. An item whose sources are all already cited counts as a duplicate, and so
 * does one whose terms overlap a picked one at `nearDuplicate` or more: five copies of
 * one memory don't crowd the top. Returns indexes into `items`, best first.
 */
export function selectDiverse(
  items: readonly DiversityItem[],
  k: number,
  options: DiversityOptions,
): number[] {
  const picked: number[] = [];
  const cited = new Set<string>();
  const maxSim = new Float64Array(items.length);
  const used = new Uint8Array(items.length);
  while (picked.length < Math.min(k, items.length)) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < items.length; i++) {
      if (used[i]) continue;
      const item = items[i] as DiversityItem;
      const redundant = item.sources.length > 0 && item.sources.every((s) => cited.has(s));
      const sim = redundant ? 1 : (maxSim[i] as number);
      const value =
        options.lambda * item.score - (1 - options.lambda) * sim - (sim >= options.nearDuplicate ? 1 : 0);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    used[best] = 1;
    picked.push(best);
    const chosen = items[best] as DiversityItem;
    for (const s of chosen.sources) cited.add(s);
    for (let i = 0; i < items.length; i++) {
      if (!used[i])
        maxSim[i] = Math.max(maxSim[i] as number, jaccard(chosen.terms, (items[i] as DiversityItem).terms));
    }
  }
  return picked;
}
