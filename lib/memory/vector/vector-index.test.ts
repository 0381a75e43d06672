import { describe, expect, it } from 'vitest';
import { bruteForceTopK, clusteredSet, Rng, uniformSet } from '../../../scripts/bench/vector-data';
import { createVectorIndex, VectorIndex } from './vector-index';

function row(data: Float32Array, dim: number, i: number): Float32Array {
  return data.subarray(i * dim, (i + 1) * dim);
}

function build(data: Float32Array, n: number, dim: number): VectorIndex {
  const index = createVectorIndex(dim);
  for (let i = 0; i < n; i++) index.add(`v${i}`, row(data, dim, i));
  return index;
}

function exactIds(data: Float32Array, n: number, dim: number, query: Float32Array, k: number): string[] {
  return bruteForceTopK(data, n, dim, query, k).map((i) => `v${i}`);
}

function overlap(a: string[], b: string[]): number {
  const set = new Set(b);
  return a.filter((id) => set.has(id)).length;
}

describe('VectorIndex', () => {
  it('returns the exact top-k of a small set, best first, with cosine scores', () => {
    const dim = 48;
    const set = uniformSet(600, dim, 20, 11);
    const index = build(set.data, 600, dim);
    expect(index.size).toBe(600);
    for (const query of set.queries) {
      const hits = index.search(query, 10);
      expect(hits.map((h) => h.id)).toEqual(exactIds(set.data, 600, dim, query, 10));
      const first = bruteForceTopK(set.data, 600, dim, query, 1)[0]!;
      let exact = 0;
      for (let d = 0; d < dim; d++) exact += query[d]! * set.data[first * dim + d]!;
      expect(hits[0]!.score).toBeCloseTo(exact, 3);
      for (let j = 1; j < hits.length; j++) expect(hits[j]!.score).toBeLessThanOrEqual(hits[j - 1]!.score);
    }
  });

  it('normalises vectors and queries', () => {
    const index = createVectorIndex(3);
    index.add('x', new Float32Array([10, 0, 0]));
    index.add('y', new Float32Array([0, 0.1, 0]));
    const [hit] = index.search(new Float32Array([0, 5, 0]), 1);
    expect(hit?.id).toBe('y');
    expect(hit?.score).toBeCloseTo(1, 3);
  });

  it('finds the exact top-k through the Hamming stage when every vector is a candidate', () => {
    const dim = 64;
    const n = 3000;
    const set = clusteredSet(n, dim, 10, 4);
    const index = build(set.data, n, dim);
    for (const query of set.queries) {
      const ids = index.search(query, 10, { pool: n, candidates: n }).map((h) => h.id);
      expect(overlap(ids, exactIds(set.data, n, dim, query, 10))).toBeGreaterThanOrEqual(9);
    }
  });

  it('reaches recall@10 ≥ 0.98 on a clustered set with pruning', { timeout: 120_000 }, () => {
    const dim = 384;
    const n = 8000;
    const set = clusteredSet(n, dim, 30, 21);
    const index = build(set.data, n, dim);
    let found = 0;
    for (const query of set.queries) {
      const ids = index.search(query, 10, { pool: 1500, candidates: 400 }).map((h) => h.id);
      found += overlap(ids, exactIds(set.data, n, dim, query, 10));
    }
    expect(found / (10 * set.queries.length)).toBeGreaterThanOrEqual(0.98);
  });

  it('removes, re-adds and replaces vectors', () => {
    const dim = 16;
    const set = uniformSet(200, dim, 5, 8);
    const index = build(set.data, 200, dim);
    const query = set.queries[0]!;
    const [top] = index.search(query, 1);
    expect(index.remove(top!.id)).toBe(true);
    expect(index.remove(top!.id)).toBe(false);
    expect(index.has(top!.id)).toBe(false);
    expect(index.size).toBe(199);
    expect(index.search(query, 200).map((h) => h.id)).not.toContain(top!.id);
    expect(index.search(query, 500)).toHaveLength(199);

    index.add('near', query);
    expect(index.search(query, 1)[0]?.id).toBe('near');
    index.add(
      'near',
      Float32Array.from(query, (x) => -x),
    );
    expect(index.size).toBe(200);
    expect(index.search(query, 1)[0]?.id).not.toBe('near');
  });

  it('stays correct across compaction', () => {
    const dim = 24;
    const n = 4000;
    const set = uniformSet(n, dim, 5, 12);
    const index = build(set.data, n, dim);
    const kept = new Float32Array(n * dim);
    let m = 0;
    const keptIds: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 3 === 0) {
        kept.set(row(set.data, dim, i), m * dim);
        keptIds.push(`v${i}`);
        m++;
      } else {
        index.remove(`v${i}`);
      }
    }
    expect(index.size).toBe(m);
    expect([...index.keys()]).toEqual(keptIds);
    for (const query of set.queries) {
      const expected = bruteForceTopK(kept, m, dim, query, 5).map((j) => keptIds[j]!);
      expect(index.search(query, 5, { candidates: m }).map((h) => h.id)).toEqual(expected);
    }
  });

  it('keeps only ids the filter accepts, even when few do', () => {
    const dim = 32;
    const n = 5000;
    const set = uniformSet(n, dim, 5, 6);
    const index = build(set.data, n, dim);
    const allowed = (id: string) => Number(id.slice(1)) % 100 === 0;
    const subset = new Float32Array(50 * dim);
    for (let j = 0; j < 50; j++) subset.set(row(set.data, dim, j * 100), j * dim);
    for (const query of set.queries) {
      const hits = index.search(query, 10, { filter: allowed, pool: 200, candidates: 100 });
      expect(hits).toHaveLength(10);
      expect(hits.every((h) => allowed(h.id))).toBe(true);
      const exact = bruteForceTopK(subset, 50, dim, query, 10).map((j) => `v${j * 100}`);
      // All 50 allowed vectors become candidates, so the result is exact (as a set: two of
      // them may swap places where their scores differ by less than the quantization error).
      expect(hits.map((h) => h.id).sort()).toEqual(exact.sort());
    }
  });

  it('handles edge cases', () => {
    const index = createVectorIndex(4);
    expect(index.search(new Float32Array(4), 5)).toEqual([]);
    index.add('a', new Float32Array([1, 0, 0, 0]));
    expect(index.search(new Float32Array([1, 0, 0, 0]), 0)).toEqual([]);
    expect(index.search(new Float32Array([1, 0, 0, 0]), 10)).toHaveLength(1);
    expect(() => index.add('b', new Float32Array(3))).toThrow(RangeError);
    expect(() => index.search(new Float32Array(5), 1)).toThrow(RangeError);
    expect(() => index.add('c', new Float32Array([1, Number.NaN, 0, 0]))).toThrow(RangeError);
    expect(index.has('c')).toBe(false);
    expect(() => createVectorIndex(0)).toThrow(RangeError);
  });

  it('returns the stored vector of an id', () => {
    const rng = new Rng(1);
    const v = Float32Array.from({ length: 40 }, () => rng.gaussian());
    const index = createVectorIndex(40);
    index.add('a', v);
    const norm = Math.hypot(...v);
    const back = index.vectorOf('a')!;
    for (let d = 0; d < 40; d++) expect(back[d]).toBeCloseTo(v[d]! / norm, 3);
    expect(index.vectorOf('missing')).toBeUndefined();
  });

  it('round-trips through stored records', () => {
    const dim = 40;
    const n = 2500;
    const set = clusteredSet(n, dim, 5, 3);
    const index = build(set.data, n, dim);
    for (let i = 0; i < n; i += 7) index.remove(`v${i}`);
    const records = index.toRecords('test@1', 1000);
    expect(records.map((r) => r.count)).toEqual([1000, 1000, index.size - 2000]);
    expect(records.map((r) => r.block)).toEqual([0, 1, 2]);
    const copy = VectorIndex.fromRecords(dim, records);
    expect(copy.size).toBe(index.size);
    for (const query of set.queries) expect(copy.search(query, 10)).toEqual(index.search(query, 10));
  });

  it('lets a later record win for a duplicated id', () => {
    const a = createVectorIndex(2);
    a.add('x', new Float32Array([1, 0]));
    const b = createVectorIndex(2);
    b.add('x', new Float32Array([0, 1]));
    const merged = VectorIndex.fromRecords(2, [...a.toRecords('e'), ...b.toRecords('e')]);
    expect(merged.size).toBe(1);
    expect(merged.search(new Float32Array([0, 1]), 1)[0]?.score).toBeCloseTo(1, 3);
  });

  it('keeps working after loading partial and oversized blocks, then adding and removing', () => {
    const dim = 32;
    const n = 3000;
    const set = uniformSet(n + 600, dim, 8, 14);
    const original = build(set.data, n, dim);
    for (const blockSize of [700, 2500]) {
      const index = VectorIndex.fromRecords(dim, original.toRecords('e', blockSize));
      const reference = build(set.data, n, dim);
      for (let i = n; i < n + 600; i++) {
        index.add(`v${i}`, row(set.data, dim, i));
        reference.add(`v${i}`, row(set.data, dim, i));
      }
      for (let i = 0; i < n + 600; i += 5) {
        index.remove(`v${i}`);
        reference.remove(`v${i}`);
      }
      expect(index.size).toBe(reference.size);
      expect([...index.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const query of set.queries) {
        const all = { candidates: n + 600 };
        expect(index.search(query, 10, all)).toEqual(reference.search(query, 10, all));
      }
    }
  });
});
