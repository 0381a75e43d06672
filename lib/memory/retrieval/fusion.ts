/** One ranked list of hits from one retriever, best first, with its weight in the fusion. */
export interface RankedList {
  hits: readonly { id: string; score: number }[];
  weight?: number;
  /**
   * The score that means "unrelated" for score fusion. BM25's is 0; cosine similarity has
   * no fixed one, so by default the list's last hit (the candidate cut-off) serves.
   */
  floor?: number;
}

/** How ranked lists are combined into one relevance in [0, 1]. */
export type FusionMethod = 'rrf' | 'score';

/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list adds weight / (k + rank).
 * Scaled so a memory ranked first by every list gets 1.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k = 60): Map<string, number> {
  const fused = new Map<string, number>();
  let best = 0;
  for (const list of lists) {
    const weight = list.weight ?? 1;
    best += weight / (k + 1);
    list.hits.forEach((hit, rank) => fused.set(hit.id, (fused.get(hit.id) ?? 0) + weight / (k + rank + 1)));
  }
  if (best > 0) for (const [id, s] of fused) fused.set(id, s / best);
  return fused;
}

/**
 * Normalised score fusion: each list's scores scaled to [0, 1] between its floor and its
 * best score, then a weighted sum divided by the total weight.
 * Unlike RRF it keeps how much better the first hit is than the tenth.
 */
export function scoreFusion(lists: readonly RankedList[]): Map<string, number> {
  const fused = new Map<string, number>();
  const total = lists.reduce((sum, l) => sum + (l.hits.length > 0 ? (l.weight ?? 1) : 0), 0);
  if (total === 0) return fused;
  for (const list of lists) {
    const top = list.hits[0]?.score;
    if (top === undefined) continue;
    const floor = list.floor ?? (list.hits.length > 1 ? (list.hits[list.hits.length - 1]?.score ?? 0) : 0);
    const span = top - floor > 1e-12 ? top - floor : 1;
    const weight = (list.weight ?? 1) / total;
    for (const hit of list.hits) {
      const unit = Math.max(0, (hit.score - floor) / span);
      fused.set(hit.id, (fused.get(hit.id) ?? 0) + weight * unit);
    }
  }
  return fused;
}

/** Fuses ranked lists with the chosen method; every value is in [0, 1]. */
export function fuse(lists: readonly RankedList[], method: FusionMethod, rrfK = 60): Map<string, number> {
  return method === 'rrf' ? reciprocalRankFusion(lists, rrfK) : scoreFusion(lists);
}
