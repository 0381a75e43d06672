/**
 * Copy-on-write edits of stored vector blocks (records.ts): appending vectors, dropping
 * some, checking shapes. Used by vector-store.ts inside its transactions.
 */
import { StorageError } from '../../db/errors';
import { loBytes, normalized, quantizeInto, QUANT_FORMAT } from './quantize';
import type { VectorBlockRecord } from './records';

/** Throws when vectors of `dim` dimensions can't join `block`. */
export function checkDim(block: VectorBlockRecord, dim: number): void {
  if (block.dim !== dim) {
    throw new StorageError(
      'unknown',
      `Vectors of ${dim} dimensions can't join the ${block.dim}-dimension vectors stored for ${block.embedderId}.`,
    );
  }
}

/** A block with no vectors yet. */
export function emptyBlock(embedderId: string, block: number, dim: number): VectorBlockRecord {
  return {
    embedderId,
    block,
    format: QUANT_FORMAT,
    dim,
    count: 0,
    ids: [],
    scales: new Float32Array(0),
    hi: new Int8Array(0),
    lo: new Uint8Array(0),
  };
}

/** Quantizes `vector` into slot `j` of `block`, in place. */
export function writeCode(block: VectorBlockRecord, j: number, vector: Float32Array): void {
  const lb = loBytes(block.dim);
  block.scales[j] = quantizeInto(normalized(vector), block.dim, block.hi, j * block.dim, block.lo, j * lb);
}

/** A copy of `block` with `ids` appended (typed arrays can't grow in place). */
export function appendTo(
  block: VectorBlockRecord,
  ids: string[],
  vectors: Map<string, Float32Array>,
): VectorBlockRecord {
  const { dim, count } = block;
  const n = count + ids.length;
  const lb = loBytes(dim);
  const next: VectorBlockRecord = {
    ...block,
    count: n,
    ids: [...block.ids, ...ids],
    scales: new Float32Array(n),
    hi: new Int8Array(n * dim),
    lo: new Uint8Array(n * lb),
  };
  next.scales.set(block.scales);
  next.hi.set(block.hi);
  next.lo.set(block.lo);
  ids.forEach((id, j) => writeCode(next, count + j, vectors.get(id)!));
  return next;
}

/** A copy of `block` without the vectors of `gone`. */
export function withoutIds(block: VectorBlockRecord, gone: Set<string>): VectorBlockRecord {
  const { dim } = block;
  const lb = loBytes(dim);
  const keep: number[] = [];
  block.ids.forEach((id, j) => {
    if (!gone.has(id)) keep.push(j);
  });
  const n = keep.length;
  const next: VectorBlockRecord = {
    ...block,
    count: n,
    ids: keep.map((j) => block.ids[j]!),
    scales: new Float32Array(n),
    hi: new Int8Array(n * dim),
    lo: new Uint8Array(n * lb),
  };
  keep.forEach((j, to) => {
    next.scales[to] = block.scales[j]!;
    next.hi.set(block.hi.subarray(j * dim, (j + 1) * dim), to * dim);
    next.lo.set(block.lo.subarray(j * lb, (j + 1) * lb), to * lb);
  });
  return next;
}
