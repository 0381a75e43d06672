/**
 * The arrays behind a VectorIndex. Codes live in segments of SEGMENT_SIZE vectors, the
 * same size as a stored block, so that loading adopts each block's typed arrays as they
 * come out of IndexedDB instead of copying 50 MB into one array. Slot s is vector
 * s & SEGMENT_MASK of segment s >> SEGMENT_SHIFT; the per-slot arrays (ids, alive, scales,
 * sign codes) are contiguous, so the Hamming scan is one loop over all slots.
 */
import { LITTLE_ENDIAN, signThresholds, signWords, writeSignCode } from './kernels';
import { HI_WEIGHT, LO_MIDPOINT, loBytes, QUANT_FORMAT } from './quantize';
import { BLOCK_SIZE, validateBlock, type VectorBlockRecord } from './records';

export const SEGMENT_SHIFT = 10;
export const SEGMENT_SIZE = 1 << SEGMENT_SHIFT;
export const SEGMENT_MASK = SEGMENT_SIZE - 1;

/** Vectors sampled to estimate the data's mean (the centre of the sign codes). */
const CENTER_SAMPLE = 4096;

/** Codes of up to SEGMENT_SIZE vectors; a loaded segment may hold fewer (its block's count). */
export interface Segment {
  /** Vectors these arrays have room for. */
  capacity: number;
  hi: Int8Array;
  lo: Uint8Array;
  /** Int32 view of `hi` for four-codes-a-load dot products, when the layout allows it. */
  words: Int32Array | null;
}

/** Everything search reads; slot i is live when alive[i] is 1. */
export interface IndexStorage {
  readonly dim: number;
  readonly loBytes: number;
  readonly words: number;
  /** One past the highest slot used. */
  slots: number;
  live: number;
  segments: Segment[];
  ids: string[];
  alive: Uint8Array;
  scales: Float32Array;
  signs: Int32Array;
  center: Float32Array;
  /** Sign-code thresholds per class of scale (see thresholdsFor), reset when the centre moves. */
  thresholds: Map<number, Int32Array>;
}

export function emptyStorage(dim: number): IndexStorage {
  return {
    dim,
    loBytes: loBytes(dim),
    words: signWords(dim),
    slots: 0,
    live: 0,
    segments: [],
    ids: [],
    alive: new Uint8Array(0),
    scales: new Float32Array(0),
    signs: new Int32Array(0),
    center: new Float32Array(dim),
    thresholds: new Map(),
  };
}

export function makeSegment(hi: Int8Array, lo: Uint8Array, dim: number): Segment {
  const aligned = LITTLE_ENDIAN && (dim & 3) === 0 && (hi.byteOffset & 3) === 0;
  return {
    capacity: hi.length / dim,
    hi,
    lo,
    words: aligned ? new Int32Array(hi.buffer, hi.byteOffset, hi.length >> 2) : null,
  };
}

/** Grows the per-slot arrays to hold `slots` slots (doubling). */
function reserveSlots(s: IndexStorage, slots: number): void {
  if (slots <= s.alive.length) return;
  const capacity = Math.max(slots, 2 * s.alive.length, SEGMENT_SIZE);
  const alive = new Uint8Array(capacity);
  alive.set(s.alive);
  const scales = new Float32Array(capacity);
  scales.set(s.scales);
  const signs = new Int32Array(capacity * s.words);
  signs.set(s.signs);
  Object.assign(s, { alive, scales, signs });
}

/** Takes the next free slot, opening or widening the last segment as needed. */
export function appendSlot(s: IndexStorage): number {
  const { dim } = s;
  let last = s.segments[s.segments.length - 1];
  const used = s.slots - (s.segments.length - 1) * SEGMENT_SIZE;
  if (!last || used === SEGMENT_SIZE) {
    last = makeSegment(new Int8Array(SEGMENT_SIZE * dim), new Uint8Array(SEGMENT_SIZE * s.loBytes), dim);
    s.segments.push(last);
    s.slots = (s.segments.length - 1) * SEGMENT_SIZE;
  } else if (used === last.capacity) {
    // A segment loaded from a partial block has exact-size arrays: widen it once.
    const hi = new Int8Array(SEGMENT_SIZE * dim);
    hi.set(last.hi);
    const lo = new Uint8Array(SEGMENT_SIZE * s.loBytes);
    lo.set(last.lo);
    s.segments[s.segments.length - 1] = makeSegment(hi, lo, dim);
  }
  const slot = s.slots++;
  reserveSlots(s, s.slots);
  return slot;
}

/** Adopts stored blocks as segments (splitting any larger than a segment, without copying). */
export function loadBlocks(s: IndexStorage, blocks: readonly VectorBlockRecord[]): void {
  const { dim } = s;
  for (const block of blocks) validateBlock(block, dim);
  for (const block of blocks) {
    for (let start = 0; start < block.count; start += SEGMENT_SIZE) {
      const count = Math.min(SEGMENT_SIZE, block.count - start);
      const first = s.segments.length * SEGMENT_SIZE;
      const hi = block.hi.subarray(start * dim, (start + count) * dim);
      const lo = block.lo.subarray(start * s.loBytes, (start + count) * s.loBytes);
      s.segments.push(makeSegment(hi, lo, dim));
      reserveSlots(s, first + SEGMENT_SIZE);
      s.scales.set(block.scales.subarray(start, start + count), first);
      s.alive.fill(1, first, first + count);
      for (let j = 0; j < count; j++) s.ids[first + j] = block.ids[start + j]!;
      s.slots = first + count;
      s.live += count;
    }
  }
  // Tail slots of partial segments stay dead; the ids array has holes there.
  for (let i = 0; i < s.slots; i++) if (s.alive[i] === 0) s.ids[i] = '';
}

/** Re-estimates the mean from a sample of live vectors and rewrites every sign code. */
export function recenter(s: IndexStorage): void {
  const { dim } = s;
  const sum = new Float64Array(dim);
  const step = Math.max(1, Math.floor(s.slots / CENTER_SAMPLE));
  let sampled = 0;
  for (let i = 0; i < s.slots; i += step) {
    if (s.alive[i] !== 1) continue;
    const { hi } = s.segments[i >> SEGMENT_SHIFT]!;
    const base = (i & SEGMENT_MASK) * dim;
    const scale = s.scales[i]!;
    for (let d = 0; d < dim; d++) sum[d]! += (hi[base + d]! * HI_WEIGHT + LO_MIDPOINT) * scale;
    sampled++;
  }
  for (let d = 0; d < dim; d++) s.center[d] = sampled > 0 ? sum[d]! / sampled : 0;
  s.thresholds.clear();
  for (let i = 0; i < s.slots; i++) {
    if (s.alive[i] === 1) writeSlotSignCode(s, i);
  }
}

/** Classes of scale per octave: vectors whose scales differ by < 2.2 % share thresholds. */
const SCALE_CLASSES_PER_OCTAVE = 32;

/**
 * Thresholds for a vector of this scale. Computing them per vector would cost as much as
 * the sign code itself, so they are computed once per narrow class of scales (normalised
 * vectors have scales within a few octaves: a few dozen classes); taking the class's
 * middle scale moves a threshold by < 1.1 % of center/scale, a fraction of one code step.
 */
function thresholdsFor(s: IndexStorage, scale: number): Int32Array {
  const k = scale > 0 ? Math.floor(Math.log2(scale) * SCALE_CLASSES_PER_OCTAVE) : -Infinity;
  let thresholds = s.thresholds.get(k);
  if (!thresholds) {
    thresholds = signThresholds(s.center, scale > 0 ? 2 ** ((k + 0.5) / SCALE_CLASSES_PER_OCTAVE) : 0);
    s.thresholds.set(k, thresholds);
  }
  return thresholds;
}

export function writeSlotSignCode(s: IndexStorage, slot: number): void {
  const { hi } = s.segments[slot >> SEGMENT_SHIFT]!;
  const thresholds = thresholdsFor(s, s.scales[slot]!);
  writeSignCode(hi, (slot & SEGMENT_MASK) * s.dim, thresholds, s.dim, s.signs, slot * s.words);
}

/** The live vectors as stored blocks of at most `blockSize`, numbered from 0. */
export function toBlocks(s: IndexStorage, embedderId: string, blockSize = BLOCK_SIZE): VectorBlockRecord[] {
  const { dim, loBytes: lb } = s;
  const live: number[] = [];
  for (let i = 0; i < s.slots; i++) if (s.alive[i] === 1) live.push(i);
  const records: VectorBlockRecord[] = [];
  for (let start = 0; start < live.length; start += blockSize) {
    const chunk = live.slice(start, start + blockSize);
    const n = chunk.length;
    const record: VectorBlockRecord = {
      embedderId,
      block: records.length,
      format: QUANT_FORMAT,
      dim,
      count: n,
      ids: chunk.map((slot) => s.ids[slot]!),
      scales: new Float32Array(n),
      hi: new Int8Array(n * dim),
      lo: new Uint8Array(n * lb),
    };
    chunk.forEach((slot, j) => {
      const { hi, lo } = s.segments[slot >> SEGMENT_SHIFT]!;
      const k = slot & SEGMENT_MASK;
      record.scales[j] = s.scales[slot]!;
      record.hi.set(hi.subarray(k * dim, (k + 1) * dim), j * dim);
      record.lo.set(lo.subarray(k * lb, (k + 1) * lb), j * lb);
    });
    records.push(record);
  }
  return records;
}
