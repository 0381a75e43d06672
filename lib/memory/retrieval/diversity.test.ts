import { describe, expect, it } from 'vitest';
import { jaccard, selectDiverse } from './diversity';

const item = (score: number, words: string, sources: string[] = []) => ({
  score,
  terms: new Set(words.split(' ')),
  sources,
});

describe('diversity', () => {
  it('jaccard', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set(['a']))).toBe(0);
  });

  it('does not let five near-duplicates crowd the top', () => {
    const items = [
      item(1.0, 'loves hiking in the alps', ['m1']),
      item(0.99, 'loves hiking in the alps', ['m2']),
      item(0.98, 'loves hiking in the alps', ['m3']),
      item(0.97, 'loves hiking in the alps', ['m4']),
      item(0.96, 'loves hiking in the alps', ['m5']),
      item(0.7, 'works as a nurse', ['m6']),
      item(0.6, 'has a cat named Tom', ['m7']),
    ];
    const picked = selectDiverse(items, 3, { lambda: 0.9, nearDuplicate: 0.8 });
    expect(picked).toEqual([0, 5, 6]);
  });

  it('puts a memory whose sources are all cited after new ones', () => {
    const items = [
      item(1, 'episode text here', ['m1']),
      item(0.9, 'fact distilled', ['m1']),
      item(0.5, 'other', ['m2']),
    ];
    expect(selectDiverse(items, 3, { lambda: 0.9, nearDuplicate: 0.8 })).toEqual([0, 2, 1]);
  });

  it('with lambda 1 and no near-duplicates keeps score order', () => {
    const items = [item(0.3, 'a b'), item(0.9, 'a c'), item(0.5, 'd e')];
    expect(selectDiverse(items, 3, { lambda: 1, nearDuplicate: 1.1 })).toEqual([1, 2, 0]);
  });
});
