import { describe, expect, it } from 'vitest';
import { Rng } from '../../../scripts/bench/vector-data';
import {
  bytesPerCode,
  codeAt,
  dequantize,
  loBytes,
  normalized,
  quantize,
  quantizeInto,
  loDotFromTable,
  loDotTable,
  refinedDot,
} from './quantize';

function randomUnit(rng: Rng, dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (let d = 0; d < dim; d++) v[d] = rng.gaussian() * (d % 7 === 0 ? 4 : 1);
  return normalized(v);
}

describe('quantize', () => {
  it.each([384, 33, 8, 1])('round-trips %i dimensions within half a step', (dim) => {
    const rng = new Rng(dim);
    for (let trial = 0; trial < 50; trial++) {
      const x = randomUnit(rng, dim);
      const q = quantize(x);
      const maxAbs = Math.max(...Array.from(x, Math.abs));
      expect(q.scale).toBeCloseTo(maxAbs / 1023, 9);
      const back = dequantize(q);
      for (let d = 0; d < dim; d++) {
        expect(Math.abs(back[d]! - x[d]!)).toBeLessThanOrEqual(q.scale / 2 + 1e-7);
        const code = codeAt(q.hi, 0, q.lo, 0, dim, d);
        expect(Math.abs(code)).toBeLessThanOrEqual(1023);
      }
    }
  });

  it('bounds the error of a dot product by half a step per component', () => {
    const rng = new Rng(5);
    let squared = 0;
    let steps = 0;
    const trials = 200;
    for (let trial = 0; trial < trials; trial++) {
      const x = randomUnit(rng, 384);
      const query = randomUnit(rng, 384);
      const q = quantize(x);
      const back = dequantize(q);
      let error = 0;
      let bound = 0;
      for (let d = 0; d < 384; d++) {
        error += query[d]! * (back[d]! - x[d]!);
        bound += (Math.abs(query[d]!) * q.scale) / 2;
      }
      expect(Math.abs(error)).toBeLessThanOrEqual(bound + 1e-7);
      squared += error * error;
      steps += q.scale;
    }
    // Rounding errors are uniform in ±step/2: their dot with a unit query has std step/√12.
    const rms = Math.sqrt(squared / trials);
    expect(rms).toBeLessThan((1.5 * (steps / trials)) / Math.sqrt(12));
  });

  it('stores 384 dimensions in 532 bytes', () => {
    expect(loBytes(384)).toBe(144);
    expect(bytesPerCode(384)).toBe(532);
  });

  it('gives a zero vector a zero scale and zero codes', () => {
    const q = quantize(new Float32Array(16));
    expect(q.scale).toBe(0);
    expect(Array.from(dequantize(q))).toEqual(new Array(16).fill(0));
  });

  it('rejects non-finite components', () => {
    const v = new Float32Array([0.5, Number.NaN, 0.5]);
    expect(() => quantize(v)).toThrow(RangeError);
    expect(() => quantize(new Float32Array([Infinity, 0]))).toThrow(RangeError);
  });

  it('writes at offsets without touching neighbours', () => {
    const dim = 12;
    const rng = new Rng(9);
    const hi = new Int8Array(3 * dim).fill(77);
    const lo = new Uint8Array(3 * loBytes(dim)).fill(0xaa);
    const x = randomUnit(rng, dim);
    const scale = quantizeInto(x, dim, hi, dim, lo, loBytes(dim));
    expect(Array.from(hi.subarray(0, dim))).toEqual(new Array(dim).fill(77));
    expect(Array.from(hi.subarray(2 * dim))).toEqual(new Array(dim).fill(77));
    expect(Array.from(lo.subarray(0, loBytes(dim)))).toEqual(new Array(loBytes(dim)).fill(0xaa));
    expect(Array.from(lo.subarray(2 * loBytes(dim)))).toEqual(new Array(loBytes(dim)).fill(0xaa));
    const alone = quantize(x);
    expect(scale).toBe(alone.scale);
    expect(Array.from(hi.subarray(dim, 2 * dim))).toEqual(Array.from(alone.hi));
  });

  it('computes the refined dot product of the dequantized vector', () => {
    const rng = new Rng(3);
    for (const dim of [384, 20]) {
      const x = randomUnit(rng, dim);
      const query = Float64Array.from(randomUnit(rng, dim));
      const q = quantize(x);
      const back = dequantize(q);
      let expected = 0;
      for (let d = 0; d < dim; d++) expected += query[d]! * back[d]!;
      expect(refinedDot(query, q.hi, 0, q.lo, 0, q.scale, dim)).toBeCloseTo(expected, 6);
      let hiDot = 0;
      for (let d = 0; d < dim; d++) hiDot += query[d]! * q.hi[d]!;
      const fromTable = q.scale * (8 * hiDot + loDotFromTable(loDotTable(query), q.lo, 0, dim));
      expect(fromTable).toBeCloseTo(expected, 6);
    }
  });
});
