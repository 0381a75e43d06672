/**
 * Search over an IndexStorage, in three stages, each reading a more precise code of fewer
 * vectors:
 * 1. Hamming distance between 1-bit sign codes (48 bytes a vector at 384 dimensions) over
 *    every live vector; the `candidates` nearest go on. Skipped when the index is small.
 * 2. Dot product of the float query with each candidate's int8 code; the best
 *    `refine` go on.
 * 3. Dot product with the full 11-bit code, which ranks as exact float search does
 *    up to ~1e-4 in score; the best `k` are returned.
 */
import { hammingScan, int8Dot, int8DotWords, NO_DISTANCE, querySignCode, TopK } from './kernels';
import { HI_WEIGHT, LO_MIDPOINT, refinedDot } from './quantize';
import { SEGMENT_MASK, SEGMENT_SHIFT, type IndexStorage } from './storage';

/** How many vectors pass the Hamming stage by default. Measured in `npm run bench`: on
 * clustered embeddings recall@10 stops improving well below this; on uniform random
 * vectors it is the main knob (more candidates, more recall, more time). */
export const DEFAULT_CANDIDATES = 3000;

/** Options of VectorIndex.search. */
export interface SearchOptions {
  /** Keeps only ids it returns true for; called on candidates only, not on every vector. */
  filter?: (id: string) => boolean;
  /** How many vectors the Hamming stage passes on (default DEFAULT_CANDIDATES). */
  candidates?: number;
}

/** One search result: a memory id and its cosine similarity to the query. */
export interface VectorHit {
  id: string;
  score: number;
}

export function searchIndex(
  s: IndexStorage,
  query: ArrayLike<number>,
  k: number,
  options: SearchOptions,
): VectorHit[] {
  k = Math.floor(k);
  if (!(k > 0) || s.live === 0) return [];
  const { dim, scales, ids, loBytes, segments } = s;
  const q = new Float64Array(dim);
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += (query[d] ?? 0) ** 2;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  let qSum = 0;
  for (let d = 0; d < dim; d++) {
    q[d] = (query[d] ?? 0) * inv;
    qSum += q[d]!;
  }

  const wanted = Math.max(k, Math.floor(options.candidates ?? DEFAULT_CANDIDATES));
  const candidates = selectCandidates(s, q, wanted, options.filter);

  // Stage 2: int8 codes, the unknown low bits taken at their midpoint.
  const refineCount = Math.max(4 * k, 64);
  const stage2 = new TopK(Math.min(refineCount, candidates.length));
  const loTerm = LO_MIDPOINT * qSum;
  const perSlot = dim >> 2;
  for (let c = 0; c < candidates.length; c++) {
    const slot = candidates[c]!;
    const { hi, words } = segments[slot >> SEGMENT_SHIFT]!;
    const j = slot & SEGMENT_MASK;
    const dot = words ? int8DotWords(q, words, j * perSlot, dim) : int8Dot(q, hi, j * dim, dim);
    const estimate = scales[slot]! * (HI_WEIGHT * dot + loTerm);
    if (estimate > stage2.floor) stage2.push(slot, estimate);
  }

  // Stage 3: the full codes.
  const best = new TopK(Math.min(k, stage2.size));
  for (let j = 0; j < stage2.size; j++) {
    const slot = stage2.slots[j]!;
    const { hi, lo } = segments[slot >> SEGMENT_SHIFT]!;
    const at = slot & SEGMENT_MASK;
    best.push(slot, refinedDot(q, hi, at * dim, lo, at * loBytes, scales[slot]!, dim));
  }
  return best.sorted().map(({ slot, score }) => ({ id: ids[slot]!, score }));
}

const scratch = new WeakMap<IndexStorage, { distances: Uint16Array; histogram: Uint32Array }>();

/** Per-index buffers of stage 1, kept between searches (200 kB at 100,000 vectors). */
function scratchFor(s: IndexStorage): { distances: Uint16Array; histogram: Uint32Array } {
  let buffers = scratch.get(s);
  if (!buffers || buffers.distances.length < s.slots) {
    buffers = { distances: new Uint16Array(s.alive.length), histogram: new Uint32Array(s.dim + 1) };
    scratch.set(s, buffers);
  }
  return buffers;
}

/**
 * Stage 1: the `wanted` live slots (passing `filter`) whose sign codes are nearest the
 * query's, found from a histogram of distances instead of a sort. With a filter that
 * rejects many, further passes take the next-nearest until enough pass.
 */
function selectCandidates(
  s: IndexStorage,
  q: Float64Array,
  wanted: number,
  filter: ((id: string) => boolean) | undefined,
): Int32Array {
  const { alive, ids, slots } = s;
  if (s.live <= wanted) {
    const all = new Int32Array(s.live);
    let n = 0;
    for (let i = 0; i < slots; i++) {
      if (alive[i] === 1 && (!filter || filter(ids[i]!))) all[n++] = i;
    }
    return all.subarray(0, n);
  }
  const { distances, histogram } = scratchFor(s);
  hammingScan(
    s.signs,
    s.words,
    querySignCode(q, s.center),
    alive,
    slots,
    slots - s.live,
    distances,
    histogram,
  );

  const out = new Int32Array(wanted);
  let taken = 0;
  let consumed = 0;
  let remaining = s.live;
  while (taken < wanted && remaining > 0) {
    // Take enough of the nearest remaining slots to expect `wanted` to pass the filter.
    const passRate = consumed > 0 ? Math.max(taken / consumed, 1 / 64) : 1;
    const target = Math.min(remaining, Math.ceil((wanted - taken) / passRate));
    let threshold = 0;
    let below = 0;
    while (below + histogram[threshold]! < target) below += histogram[threshold++]!;
    let ties = target - below;
    for (let i = 0; i < slots && taken < wanted; i++) {
      const distance = distances[i]!;
      if (distance > threshold) continue;
      if (distance === threshold) {
        if (ties === 0) continue;
        ties--;
      }
      distances[i] = NO_DISTANCE;
      histogram[distance]!--;
      remaining--;
      consumed++;
      if (!filter || filter(ids[i]!)) out[taken++] = i;
    }
  }
  return out.subarray(0, taken);
}
