/**
 * In-memory dense vector index over memory ids: quantized vectors (quantize.ts) in typed
 * arrays (storage.ts), searched in four stages (search.ts). Built once from IndexedDB
 * when the panel opens (fromRecords, via vector-store.ts), then kept up to date with
 * add/remove while vector-store.ts saves the same changes.
 */
import { codeAt, normalized, quantizeInto } from './quantize';
import type { VectorBlockRecord } from './records';
import { searchIndex, type SearchOptions, type VectorHit } from './search';
import {
  appendSlot,
  emptyStorage,
  loadBlocks,
  recenter,
  SEGMENT_MASK,
  SEGMENT_SHIFT,
  toBlocks,
  writeSlotSignCode,
  type IndexStorage,
} from './storage';

export type { SearchOptions, VectorHit } from './search';

/** Dead slots tolerated before compaction, as a share of all slots (and at least this many). */
const COMPACT_SHARE = 0.25;
const COMPACT_MIN = 1024;

/** A dense vector index over memory ids; scores are cosine similarities. */
export class VectorIndex {
  private s: IndexStorage;
  private readonly slotOf = new Map<string, number>();
  /** Live count when the sign codes were last centred. */
  private centeredAt = 0;

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`Invalid vector dimension ${dim}.`);
    this.s = emptyStorage(dim);
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
      slot = appendSlot(s);
      s.live++;
      s.ids[slot] = id;
      s.alive[slot] = 1;
      this.slotOf.set(id, slot);
    }
    const segment = s.segments[slot >> SEGMENT_SHIFT]!;
    const j = slot & SEGMENT_MASK;
    s.scales[slot] = quantizeInto(unit, this.dim, segment.hi, j * this.dim, segment.lo, j * s.loBytes);
    // The centre is re-estimated as the index grows, so early vectors don't fix it forever.
    if (s.live >= 2 * this.centeredAt && s.live >= 64) this.recenter();
    else writeSlotSignCode(s, slot);
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

  /** The stored (dequantized, so approximate) vector of `id`. */
  vectorOf(id: string): Float32Array | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    const { dim, loBytes, scales, segments } = this.s;
    const { hi, lo } = segments[slot >> SEGMENT_SHIFT]!;
    const j = slot & SEGMENT_MASK;
    const out = new Float32Array(dim);
    for (let d = 0; d < dim; d++) out[d] = codeAt(hi, j * dim, lo, j * loBytes, dim, d) * scales[slot]!;
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
  toRecords(embedderId: string, blockSize?: number): VectorBlockRecord[] {
    return toBlocks(this.s, embedderId, blockSize);
  }

  /**
   * Builds an index from stored blocks, validated, adopting their arrays without copying
   * (the blocks must not be modified afterwards). A later duplicate of an id wins.
   */
  static fromRecords(dim: number, records: Iterable<VectorBlockRecord>): VectorIndex {
    const index = new VectorIndex(dim);
    index.adopt([...records]);
    return index;
  }

  private adopt(blocks: VectorBlockRecord[]): void {
    const s = emptyStorage(this.dim);
    loadBlocks(s, blocks);
    this.slotOf.clear();
    for (let i = 0; i < s.slots; i++) {
      if (s.alive[i] !== 1) continue;
      const id = s.ids[i]!;
      const previous = this.slotOf.get(id);
      if (previous !== undefined) {
        s.alive[previous] = 0;
        s.ids[previous] = '';
        s.live--;
      }
      this.slotOf.set(id, i);
    }
    this.s = s;
    this.recenter();
  }

  private recenter(): void {
    recenter(this.s);
    this.centeredAt = this.s.live;
  }

  /** Packs the live vectors into full segments (a copy; rare). */
  private compact(): void {
    this.adopt(toBlocks(this.s, ''));
  }
}

/** Creates an empty index for vectors of `dim` dimensions. */
export function createVectorIndex(dim: number): VectorIndex {
  return new VectorIndex(dim);
}
