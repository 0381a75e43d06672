import { describe, expect, it } from 'vitest';
import { Rng } from '../../../scripts/bench/vector-data';
import {
  byteSumTable,
  hammingScan,
  int8Dot,
  int8DotWords,
  NO_DISTANCE,
  querySignCode,
  signThresholds,
  signWords,
  TopK,
  writeSignCode,
} from './kernels';
import { HI_WEIGHT, LO_MIDPOINT } from './quantize';

function popcount(x: number): number {
  let count = 0;
  for (let b = 0; b < 32; b++) count += (x >>> b) & 1;
  return count;
}

describe('kernels', () => {
  it.each([384, 64, 40, 1000, 1100])('computes Hamming distances and their histogram (%i bits)', (bits) => {
    const rng = new Rng(bits);
    const words = signWords(bits);
    const slots = 50;
    const signs = Int32Array.from({ length: slots * words }, () => (rng.next() * 2 ** 32) | 0);
    // Bits past `bits` stay zero in real codes.
    if (bits % 32 !== 0) {
      for (let i = 0; i < slots; i++) signs[i * words + words - 1]! &= (1 << (bits % 32)) - 1;
    }
    const code = signs.slice(0, words);
    const alive = new Uint8Array(slots).fill(1);
    alive[7] = 0;
    const distances = new Uint16Array(slots);
    const histogram = new Uint32Array(bits + 1);
    hammingScan(signs, words, code, alive, slots, 1, distances, histogram);
    const expected = new Uint32Array(bits + 1);
    for (let i = 0; i < slots; i++) {
      let distance = 0;
      for (let w = 0; w < words; w++) distance += popcount(signs[i * words + w]! ^ code[w]!);
      if (i === 7) {
        expect(distances[i]).toBe(NO_DISTANCE);
        continue;
      }
      expect(distances[i]).toBe(distance);
      expected[distance]!++;
    }
    expect(distances[0]).toBe(0);
    expect(Array.from(histogram)).toEqual(Array.from(expected));
  });

  it('sets a sign bit where the dequantized component lies above the centre', () => {
    const rng = new Rng(2);
    const dim = 70;
    const hi = Int8Array.from({ length: 2 * dim }, () => Math.floor(rng.next() * 256) - 128);
    const center = Float32Array.from({ length: dim }, () => rng.gaussian() * 0.05);
    const signs = new Int32Array(2 * signWords(dim));
    const scale = 0.0004;
    writeSignCode(hi, dim, signThresholds(center, scale), dim, signs, signWords(dim));
    for (let d = 0; d < dim; d++) {
      const value = (hi[dim + d]! * HI_WEIGHT + LO_MIDPOINT) * scale;
      const bit = (signs[signWords(dim) + (d >> 5)]! >>> (d & 31)) & 1;
      expect(bit).toBe(value > center[d]! ? 1 : 0);
    }
    expect(Array.from(signs.subarray(0, signWords(dim)))).toEqual([0, 0, 0]);
    const query = Float64Array.from({ length: dim }, () => rng.gaussian());
    const code = querySignCode(query, center);
    for (let d = 0; d < dim; d++)
      expect((code[d >> 5]! >>> (d & 31)) & 1).toBe(query[d]! > center[d]! ? 1 : 0);
  });

  it('computes the same int8 dot product from bytes and from words', () => {
    const rng = new Rng(4);
    const dim = 384;
    const hi = Int8Array.from({ length: 3 * dim }, () => Math.floor(rng.next() * 256) - 128);
    const query = Float64Array.from({ length: dim }, () => rng.gaussian());
    const words = new Int32Array(hi.buffer);
    for (let slot = 0; slot < 3; slot++) {
      let expected = 0;
      for (let d = 0; d < dim; d++) expected += query[d]! * hi[slot * dim + d]!;
      expect(int8Dot(query, hi, slot * dim, dim)).toBeCloseTo(expected, 9);
      expect(int8DotWords(query, words, (slot * dim) / 4, dim)).toBeCloseTo(expected, 9);
    }
    expect(int8Dot(query, hi, 0, 7)).toBeCloseTo(
      Array.from({ length: 7 }, (_, d) => query[d]! * hi[d]!).reduce((a, b) => a + b),
      9,
    );
  });

  it('keeps the best k of a stream, best first', () => {
    const rng = new Rng(6);
    const scores = Array.from({ length: 500 }, () => rng.next());
    const top = new TopK(10);
    scores.forEach((score, slot) => top.push(slot, score));
    const expected = scores
      .map((score, slot) => ({ slot, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    expect(top.sorted()).toEqual(expected);
  });

  it('tabulates the sums of values over the bits of each byte', () => {
    const rng = new Rng(8);
    const values = Float64Array.from({ length: 20 }, () => rng.gaussian());
    const table = byteSumTable(values, 3);
    expect(table).toHaveLength(3 * 256);
    for (let b = 0; b < 3; b++) {
      for (const v of [0, 1, 0x80, 0x5a, 0xff]) {
        let expected = 0;
        for (let j = 0; j < 8; j++) if ((v >> j) & 1) expected += values[8 * b + j] ?? 0;
        expect(table[b * 256 + v]).toBeCloseTo(expected, 5);
      }
    }
  });
});
