/**
 * Search over an IndexStorage, in stages, each reading a more precise code of fewer
 * vectors (numbers for 100,000 × 384 dimensions):
 * 1. Hamming distance between 1-bit sign codes (48 bytes a vector) over every live vector,
 *    thresholded through a histogram; the `pool` nearest (4,000) go on. ~1.5 ms.
 * 2. The float query's dot product with those sign codes (a byte table look-up per 8
 *    dimensions), which ranks far better than Hamming; the best `candidates` (800) go on.
 * 3. Its dot product with their int8 codes; the best max(4k, 64) go on.
 * 4. The full 11-bit codes, which rank as exact float search does up to ~1e-4 in score.
 * Stages 1–2 are skipped while the index holds fewer vectors than they would keep.
 */
import {
  byteSumTable,
  hammingScan,
  int8Dot,
  int8DotWords,
  NO_DISTANCE,
  querySignCode,
  TopK,
} from './kernels';
import { HI_WEIGHT, LO_MIDPOINT, loDotFromTable, loDotTable } from './quantize';
import { SEGMENT_MASK, SEGMENT_SHIFT, type IndexStorage } from './storage';

/**
 * Defaults chosen with scripts/bench/vector.ts at 100,000 × 384 on this project's 2-core
 * machine: on clustered, sentence-like vectors recall@10 is ~0.998 already at 3,000 / 500;
 * on vectors with little structure (uniform, or weak clusters) recall rises with both
 * numbers (uniform: ~0.81 here, ~0.97 at 20,000 / 3,000), and so does latency (~0.1 µs
 * per pooled vector, ~0.5–0.9 µs per candidate, over a fixed ~1.5 ms for the Hamming scan).
 */
export const DEFAULT_POOL = 4000;
export const DEFAULT_CANDIDATES = 800;

/** Options of VectorIndex.search. */
export interface SearchOptions {
  /** Keeps only ids it returns true for; called on stage-1 candidates only, not on every vector. */
  filter?: (id: string) => boolean;
  /** How many vectors the binary stage passes to the int8 stage (default DEFAULT_CANDIDATES). */
  candidates?: number;
  /** How many vectors the Hamming stage passes to the binary stage (default DEFAULT_POOL). */
  pool?: number;
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
  const pool = Math.max(wanted, Math.floor(options.pool ?? DEFAULT_POOL));
  const nearest = selectCandidates(s, q, pool, options.filter);
  const candidates = nearest.length > wanted ? rescoreBinary(s, q, nearest, wanted) : nearest;

  // Stage 3: int8 codes, the unknown low bits taken at their midpoint.
  const refineCount = Math.max(4 * k, 64);
  const stage3 = new TopK(Math.min(refineCount, candidates.length));
  const loTerm = LO_MIDPOINT * qSum;
  const perSlot = dim >> 2;
  for (let c = 0; c < candidates.length; c++) {
    const slot = candidates[c]!;
    const { hi, words } = segments[slot >> SEGMENT_SHIFT]!;
    const j = slot & SEGMENT_MASK;
    const dot = words ? int8DotWords(q, words, j * perSlot, dim) : int8Dot(q, hi, j * dim, dim);
    const estimate = scales[slot]! * (HI_WEIGHT * dot + loTerm);
    if (estimate > stage3.floor) stage3.push(slot, estimate);
  }

  // Stage 4: the full codes. The int8 part of the dot product is already in the estimate;
  // only the low bits' part replaces their midpoint.
  const table = loDotTable(q);
  const best = new TopK(Math.min(k, stage3.size));
  for (let j = 0; j < stage3.size; j++) {
    const slot = stage3.slots[j]!;
    const { lo } = segments[slot >> SEGMENT_SHIFT]!;
    const loDot = loDotFromTable(table, lo, (slot & SEGMENT_MASK) * loBytes, dim);
    best.push(slot, stage3.scores[j]! + scales[slot]! * (loDot - loTerm));
  }
  return best.sorted().map(({ slot, score }) => ({ id: ids[slot]!, score }));
}

/**
 * Stage 2: re-ranks the Hamming candidates by the float query's dot product with their
 * sign codes (both centred): Σ (q[d] − c[d]) · (±1). Unlike Hamming distance it keeps the
 * query's magnitudes, so it ranks far better, at one table look-up per 8 components.
 */
function rescoreBinary(s: IndexStorage, q: Float64Array, slots: Int32Array, wanted: number): Int32Array {
  const { words, signs } = s;
  const centred = new Float64Array(words * 32);
  for (let d = 0; d < s.dim; d++) centred[d] = q[d]! - s.center[d]!;
  // Byte k of word w (as a number, whatever the platform's byte order) holds components
  // 32w + 8k … 32w + 8k + 7: table block 4w + k.
  const table = byteSumTable(centred, words * 4);
  const top = new TopK(wanted);
  for (let c = 0; c < slots.length; c++) {
    const slot = slots[c]!;
    const base = slot * words;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let w = 0, t = 0; w < words; w++, t += 1024) {
      const x = signs[base + w]!;
      s0 += table[t | (x & 255)]!;
      s1 += table[(t + 256) | ((x >>> 8) & 255)]!;
      s2 += table[(t + 512) | ((x >>> 16) & 255)]!;
      s3 += table[(t + 768) | (x >>> 24)]!;
    }
    const score = s0 + s1 + s2 + s3;
    if (score > top.floor) top.push(slot, score);
  }
  return top.slots.subarray(0, top.size).sort();
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
