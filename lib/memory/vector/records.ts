import { StorageError } from '../../db/errors';
import { bytesPerCode, loBytes, QUANT_FORMAT } from './quantize';

/**
 * The stored form of the vector index: one IndexedDB record holds up to BLOCK_SIZE
 * quantized vectors of one embedder, so loading 100,000 vectors is ~100 reads of
 * contiguous typed arrays instead of 100,000 small records. Typed arrays survive the
 * structured clone as they are.
 */
export interface VectorBlockRecord {
  /** The embedder that made the vectors, e.g. 'Xenova/all-MiniLM-L6-v2@q8'. */
  embedderId: string;
  /** Block number within the embedder's blocks; [embedderId, block] is the key. */
  block: number;
  /** Code format; see quantize.ts. */
  format: typeof QUANT_FORMAT;
  dim: number;
  /** Number of vectors in the block; every array below holds exactly this many. */
  count: number;
  /** Memory id of each vector. */
  ids: string[];
  /** Per-vector scale of the codes. */
  scales: Float32Array;
  /** int8 codes, `count * dim` bytes. */
  hi: Int8Array;
  /** Low bits of the codes as bit-planes, `count * loBytes(dim)` bytes. */
  lo: Uint8Array;
}

/** How many vectors a block holds at most: ~0.5 MB per record at 384 dimensions. */
export const BLOCK_SIZE = 1024;

/** Checks a block read from storage before any of it is trusted; throws a 'corrupt' StorageError. */
export function validateBlock(record: VectorBlockRecord, dim?: number): void {
  const corrupt = (problem: string): StorageError =>
    new StorageError(
      'corrupt',
      `Hearth couldn't read part of its memory search index (vector block ${record.embedderId}#${record.block}: ${problem}). Rebuilding the index fixes this.`,
    );
  if (record.format !== QUANT_FORMAT) throw corrupt(`unknown format ${String(record.format)}`);
  if (dim !== undefined && record.dim !== dim) throw corrupt(`${record.dim} dimensions, expected ${dim}`);
  const n = record.count;
  if (
    !Array.isArray(record.ids) ||
    record.ids.length !== n ||
    !(record.scales instanceof Float32Array) ||
    record.scales.length !== n ||
    !(record.hi instanceof Int8Array) ||
    record.hi.length !== n * record.dim ||
    !(record.lo instanceof Uint8Array) ||
    record.lo.length !== n * loBytes(record.dim)
  ) {
    throw corrupt('malformed');
  }
}

/** Bytes of payload a block stores: codes, scales and ids (one byte per id character,
 * as Chrome's structured clone stores one-byte strings). */
export function blockPayloadBytes(record: VectorBlockRecord): number {
  let idBytes = 0;
  for (const id of record.ids) idBytes += id.length;
  return record.count * bytesPerCode(record.dim) + idBytes;
}
