/**
 * In-memory dense vector index: quantized vectors in contiguous typed arrays, searched in
 * three stages (see search.ts). Built once from IndexedDB when the panel opens
 * (fromRecords), kept up to date with add/remove, saved incrementally by vector-store.ts.
 */
import { signWords, writeSignCode } from './kernels';
import { HI_WEIGHT, LO_MIDPOINT, codeAt, loBytes, normalized, quantizeInto, QUANT_FORMAT } from './quantize';
import { BLOCK_SIZE, validateBlock, type VectorBlockRecord } from './records';
import { searchIndex, type SearchOptions, type VectorHit } from './search';

export type { SearchOptions, VectorHit } from './search';

/** Vectors sampled to estimate the data's mean (the centre of the sign codes). */
const CENTER_SAMPLE = 4096;
/** Dead slots tolerated before compaction, as a share of all slots (and at least this many). */
const COMPACT_SHARE = 0.25;
const COMPACT_MIN = 1024;

/** The index's arrays, shared with the search stages; slot i is live when alive[i] is 1. */
export interface IndexStorage {
  readonly dim: number;
  readonly loBytes: number;
  readonly words: number;
  slots: number;
  live: number;
  ids: string[];
  alive: Uint8Array;
  scales: Float32Array;
  hi: Int8Array;
  lo: Uint8Array;
  signs: Int32Array;
  center: Float32Array;
}

/** A dense vector index over memory ids; scores are cosine similarities. */
export class VectorIndex {
  private readonly s: IndexStorage;
  private readonly slotOf = new Map<string, number>();
  private centeredAt = 0;

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`Invalid vector dimension ${dim}.`);
    this.s = {
      dim,
      loBytes: loBytes(dim),
      words: signWords(dim),
      slots: 0,
      live: 0,
      ids: [],
      alive: new Uint8Array(0),
      scales: new Float32Array(0),
      hi: new Int8Array(0),
      lo: new Uint8Array(0),
      signs: new Int32Array(0),
      center: new Float32Array(dim),
    };
  }

  /** Number of live vectors. */
  get size(): number {
    return this.s.live;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a vector, or replaces the one stored under `id`. It is normalised first. */
  add(id: string, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) {
      throw new RangeError(`Vector for ${id} has ${vector.length} dimensions, expected ${this.dim}.`);
    }
    const unit = normalized(vector);
    // Checked before any slot is taken, so a bad vector leaves the index as it was.
    for (let d = 0; d < this.dim; d++) {
      if (!Number.isFinite(unit[d]!)) throw new RangeError(`Vector for ${id} has a non-finite component.`);
    }
    const s = this.s;
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      this.reserve(s.slots + 1);
      slot = s.slots++;
      s.live++;
      s.ids[slot] = id;
      s.alive[slot] = 1;
      this.slotOf.set(id, slot);
    }
    s.scales[slot] = quantizeInto(unit, this.dim, s.hi, slot * this.dim, s.lo, slot * s.loBytes);
    // The centre is re-estimated as the index grows, so early vectors don't fix it forever.
    if (s.live >= 2 * this.centeredAt && s.live >= 64) this.recenter();
    else writeSignCode(s.hi, s.scales[slot]!, slot, this.dim, s.center, s.signs);
  }

  /** Removes `id`; returns whether it was there. Leaves a tombstone, compacted later. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const s = this.s;
    this.slotOf.delete(id);
    s.alive[slot] = 0;
    s.ids[slot] = '';
    s.live--;
    const dead = s.slots - s.live;
    if (dead >= COMPACT_MIN && dead >= s.slots * COMPACT_SHARE) this.compact();
    return true;
  }

  /** The stored (dequantized) vector of `id`. */
  vectorOf(id: string): Float32Array | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    const { dim, hi, lo, loBytes: lb, scales } = this.s;
    const out = new Float32Array(dim);
    const scale = scales[slot]!;
    for (let d = 0; d < dim; d++) out[d] = codeAt(hi, slot * dim, lo, slot * lb, dim, d) * scale;
    return out;
  }

  /** Ids of the live vectors, in slot order. */
  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.s.slots; i++) if (this.s.alive[i] === 1) yield this.s.ids[i]!;
  }

  /** The `k` nearest vectors to `query` by cosine similarity, best first. */
  search(query: ArrayLike<number>, k: number, options: SearchOptions = {}): VectorHit[] {
    if (query.length !== this.dim) {
      throw new RangeError(`Query has ${query.length} dimensions, expected ${this.dim}.`);
    }
    return searchIndex(this.s, query, k, options);
  }

  /** The index as stored blocks of at most `blockSize` vectors, numbered from 0. */
  toRecords(embedderId: string, blockSize = BLOCK_SIZE): VectorBlockRecord[] {
    const s = this.s;
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
        dim: this.dim,
        count: n,
        ids: chunk.map((slot) => s.ids[slot]!),
        scales: new Float32Array(n),
        hi: new Int8Array(n * this.dim),
        lo: new Uint8Array(n * s.loBytes),
      };
      chunk.forEach((slot, j) => {
        record.scales[j] = s.scales[slot]!;
        record.hi.set(s.hi.subarray(slot * this.dim, (slot + 1) * this.dim), j * this.dim);
        record.lo.set(s.lo.subarray(slot * s.loBytes, (slot + 1) * s.loBytes), j * s.loBytes);
      });
      records.push(record);
    }
    return records;
  }

  /** Builds an index from stored blocks (validated; a later duplicate id wins). */
  static fromRecords(dim: number, records: Iterable<VectorBlockRecord>): VectorIndex {
    const index = new VectorIndex(dim);
    const blocks = [...records];
    let total = 0;
    for (const block of blocks) {
      validateBlock(block, dim);
      total += block.count;
    }
    index.reserve(total);
    const s = index.s;
    for (const block of blocks) {
      const first = s.slots;
      s.hi.set(block.hi, first * dim);
      s.lo.set(block.lo, first * s.loBytes);
      s.scales.set(block.scales, first);
      s.alive.fill(1, first, first + block.count);
      for (let j = 0; j < block.count; j++) {
        const id = block.ids[j]!;
        const previous = index.slotOf.get(id);
        if (previous !== undefined) {
          s.alive[previous] = 0;
          s.ids[previous] = '';
          s.live--;
        }
        index.slotOf.set(id, first + j);
        s.ids[first + j] = id;
      }
      s.slots += block.count;
      s.live += block.count;
    }
    index.recenter();
    return index;
  }

  /** Grows every array to hold at least `slots` slots (doubling). */
  private reserve(slots: number): void {
    const s = this.s;
    if (slots <= s.alive.length) return;
    const capacity = Math.max(slots, Math.ceil(s.alive.length * 2), 64);
    const grow = <T extends Int8Array | Uint8Array | Float32Array | Int32Array>(
      old: T,
      make: (n: number) => T,
      per: number,
    ): T => {
      const next = make(capacity * per);
      next.set(old as ArrayLike<number>);
      return next;
    };
    s.alive = grow(s.alive, (n) => new Uint8Array(n), 1);
    s.scales = grow(s.scales, (n) => new Float32Array(n), 1);
    s.hi = grow(s.hi, (n) => new Int8Array(n), this.dim);
    s.lo = grow(s.lo, (n) => new Uint8Array(n), s.loBytes);
    s.signs = grow(s.signs, (n) => new Int32Array(n), s.words);
  }

  /** Re-estimates the mean from a sample of live vectors and rewrites every sign code. */
  private recenter(): void {
    const s = this.s;
    const { dim } = this;
    const center = new Float64Array(dim);
    const step = Math.max(1, Math.floor(s.slots / CENTER_SAMPLE));
    let sampled = 0;
    for (let i = 0; i < s.slots; i += step) {
      if (s.alive[i] !== 1) continue;
      const scale = s.scales[i]!;
      const base = i * dim;
      for (let d = 0; d < dim; d++) center[d]! += (s.hi[base + d]! * HI_WEIGHT + LO_MIDPOINT) * scale;
      sampled++;
    }
    for (let d = 0; d < dim; d++) s.center[d] = sampled > 0 ? center[d]! / sampled : 0;
    for (let i = 0; i < s.slots; i++) {
      if (s.alive[i] === 1) writeSignCode(s.hi, s.scales[i]!, i, dim, s.center, s.signs);
    }
    this.centeredAt = s.live;
  }

  /** Moves the live slots down over the dead ones. */
  private compact(): void {
    const s = this.s;
    const { dim } = this;
    let to = 0;
    for (let from = 0; from < s.slots; from++) {
      if (s.alive[from] !== 1) continue;
      if (to !== from) {
        s.hi.copyWithin(to * dim, from * dim, (from + 1) * dim);
        s.lo.copyWithin(to * s.loBytes, from * s.loBytes, (from + 1) * s.loBytes);
        s.signs.copyWithin(to * s.words, from * s.words, (from + 1) * s.words);
        s.scales[to] = s.scales[from]!;
        s.ids[to] = s.ids[from]!;
        this.slotOf.set(s.ids[to]!, to);
      }
      to++;
    }
    s.alive.fill(1, 0, to);
    s.alive.fill(0, to, s.slots);
    s.ids.length = to;
    s.slots = to;
  }
}

/** Creates an empty index for vectors of `dim` dimensions. */
export function createVectorIndex(dim: number): VectorIndex {
  return new VectorIndex(dim);
}
