/**
 * Scalar quantization of embedding vectors, pure and allocation-light.
 *
 * Format "q11": each component of an L2-normalised vector becomes an 11-bit signed integer
 * v = round(x / scale) in [-1023, 1023], with one float scale per vector (max |x| / 1023).
 * It is stored split in two parts so search can use the cheap part first:
 * - `hi` = v >> 3, an Int8Array of `dim` bytes (the int8 code, read for every candidate);
 * - `lo` = v & 7, three bit-planes of ceil(dim / 8) bytes each (read only to re-rank the
 *   last few dozen candidates).
 * 384 dimensions take 384 + 144 bytes + a 4-byte scale = 532 bytes, against 1,536 for
 * float32. Why 11 bits and not 8: on clustered data with near-duplicates (memories that
 * repeat a fact) the 10th and 11th neighbours differ by ~1e-3 in cosine, and int8 alone
 * (error std ~4e-4) kept only 93–98 % of the exact top-10 in our measurements; 11 bits keep
 * ≥ 99 %, and 12 would not fit in 600 bytes with the id.
 */

/** Name of the stored code format, recorded with every block so a later format can coexist. */
export const QUANT_FORMAT = 'q11';

/** Largest |v| of an 11-bit code. */
const MAX_CODE = 1023;
/** Number of low bits stored in bit-planes. */
export const LO_BITS = 3;
/** The value an unknown `lo` is assumed to take when only `hi` is read (middle of 0..7). */
export const LO_MIDPOINT = 3.5;
/** Weight of `hi` in v = hi * HI_WEIGHT + lo. */
export const HI_WEIGHT = 1 << LO_BITS;

/** Bytes of one bit-plane for `dim` components. */
export function planeBytes(dim: number): number {
  return (dim + 7) >> 3;
}

/** Bytes of the `lo` part (all bit-planes) of one vector. */
export function loBytes(dim: number): number {
  return LO_BITS * planeBytes(dim);
}

/** Bytes one quantized vector takes: `hi`, `lo` and its float32 scale. */
export function bytesPerCode(dim: number): number {
  return dim + loBytes(dim) + 4;
}

/** Returns an L2-normalised copy of `vector` (a zero vector stays zero). */
export function normalized(vector: ArrayLike<number>): Float32Array {
  const out = new Float32Array(vector.length);
  let norm = 0;
  for (let d = 0; d < vector.length; d++) {
    const x = vector[d] ?? 0;
    norm += x * x;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let d = 0; d < vector.length; d++) out[d] = (vector[d] ?? 0) * inv;
  return out;
}

/**
 * Quantizes `vector` (already normalised, length `dim`) into `hi` at `hiOffset` and `lo`
 * at `loOffset`, and returns its scale. Throws on a non-finite component, which would
 * otherwise poison every score computed against it.
 */
export function quantizeInto(
  vector: Float32Array,
  dim: number,
  hi: Int8Array,
  hiOffset: number,
  lo: Uint8Array,
  loOffset: number,
): number {
  let maxAbs = 0;
  for (let d = 0; d < dim; d++) {
    const x = vector[d]!;
    if (!Number.isFinite(x)) throw new RangeError(`Vector component ${d} is not a finite number.`);
    const a = x < 0 ? -x : x;
    if (a > maxAbs) maxAbs = a;
  }
  const planes = planeBytes(dim);
  if (maxAbs === 0) {
    hi.fill(0, hiOffset, hiOffset + dim);
    lo.fill(0, loOffset, loOffset + LO_BITS * planes);
    return 0;
  }
  const inv = MAX_CODE / maxAbs;
  // Low bits are gathered eight components at a time, one byte per plane.
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  for (let d = 0; d < dim; d++) {
    // |x| * inv ≤ MAX_CODE by construction, so no clamping is needed.
    const v = Math.round(vector[d]! * inv);
    hi[hiOffset + d] = v >> LO_BITS;
    const bit = d & 7;
    p0 |= (v & 1) << bit;
    p1 |= ((v >> 1) & 1) << bit;
    p2 |= ((v >> 2) & 1) << bit;
    if (bit === 7 || d === dim - 1) {
      const byte = loOffset + (d >> 3);
      lo[byte] = p0;
      lo[byte + planes] = p1;
      lo[byte + 2 * planes] = p2;
      p0 = p1 = p2 = 0;
    }
  }
  return maxAbs / MAX_CODE;
}

/** One quantized vector on its own. */
export interface QuantizedVector {
  hi: Int8Array;
  lo: Uint8Array;
  scale: number;
}

/** Quantizes one normalised vector into fresh arrays. */
export function quantize(vector: Float32Array): QuantizedVector {
  const dim = vector.length;
  const hi = new Int8Array(dim);
  const lo = new Uint8Array(loBytes(dim));
  const scale = quantizeInto(vector, dim, hi, 0, lo, 0);
  return { hi, lo, scale };
}

/** The 11-bit code of component `d` of the vector whose parts start at the offsets. */
export function codeAt(
  hi: Int8Array,
  hiOffset: number,
  lo: Uint8Array,
  loOffset: number,
  dim: number,
  d: number,
): number {
  const planes = planeBytes(dim);
  const byte = loOffset + (d >> 3);
  const shift = d & 7;
  let low = 0;
  for (let p = 0; p < LO_BITS; p++) low |= (((lo[byte + p * planes] ?? 0) >> shift) & 1) << p;
  return (hi[hiOffset + d] ?? 0) * HI_WEIGHT + low;
}

/** Rebuilds the float vector a quantized one stands for. */
export function dequantize(q: QuantizedVector, dim = q.hi.length): Float32Array {
  const out = new Float32Array(dim);
  for (let d = 0; d < dim; d++) out[d] = codeAt(q.hi, 0, q.lo, 0, dim, d) * q.scale;
  return out;
}

/**
 * Exact dot product of `query` with the quantized vector at the offsets, read directly:
 * the reference for the table form search uses (loDotTable, loDotFromTable).
 */
export function refinedDot(
  query: Float64Array,
  hi: Int8Array,
  hiOffset: number,
  lo: Uint8Array,
  loOffset: number,
  scale: number,
  dim: number,
): number {
  let hiDot = 0;
  for (let d = 0; d < dim; d++) hiDot += (query[d] ?? 0) * (hi[hiOffset + d] ?? 0);
  const planes = planeBytes(dim);
  let loDot = 0;
  for (let p = 0; p < LO_BITS; p++) {
    let planeDot = 0;
    const base = loOffset + p * planes;
    for (let b = 0; b < planes; b++) {
      let bits = lo[base + b] ?? 0;
      const d0 = b << 3;
      while (bits !== 0) {
        const low = bits & -bits;
        planeDot += query[d0 + 31 - Math.clz32(low)] ?? 0;
        bits ^= low;
      }
    }
    loDot += planeDot * (1 << p);
  }
  return scale * (hiDot * HI_WEIGHT + loDot);
}

/**
 * Per-query table for the low-bit part of the dot product: entry b·256 + v is the sum of
 * query[8b + j] over the bits j set in v. Built in ~12,000 additions for 384 dimensions,
 * it turns each vector's low-bit dot product into LO_BITS · dim / 8 lookups (loDotFromTable).
 */
export function loDotTable(query: Float64Array): Float64Array {
  const dim = query.length;
  const planes = planeBytes(dim);
  const table = new Float64Array(planes * 256);
  for (let b = 0; b < planes; b++) {
    const base = b * 256;
    for (let v = 1; v < 256; v++) {
      const low = v & -v;
      table[base + v] = table[base + (v ^ low)]! + (query[(b << 3) + 31 - Math.clz32(low)] ?? 0);
    }
  }
  return table;
}

/** Σ query[d] · lo[d] for the vector whose bit-planes start at `loOffset` (see loDotTable). */
export function loDotFromTable(table: Float64Array, lo: Uint8Array, loOffset: number, dim: number): number {
  const planes = planeBytes(dim);
  let total = 0;
  for (let p = 0; p < LO_BITS; p++) {
    let sum = 0;
    const base = loOffset + p * planes;
    for (let b = 0; b < planes; b++) sum += table[(b << 8) | lo[base + b]!]!;
    total += sum * (1 << p);
  }
  return total;
}
