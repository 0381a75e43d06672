import { describe, expect, it } from 'vitest';
import { fitOffsets, macroF1, pickClass, type ScoredRow } from './decision';

const row = (scores: number[], labels: number[]): ScoredRow => ({
  scores: Float64Array.from(scores),
  labels,
});

describe('picking a class', () => {
  it('takes the argmax of log score + offset, the lower index on ties', () => {
    expect(pickClass([0.6, 0.4], [0, 0])).toBe(0);
    expect(pickClass([0.6, 0.4], [0, Math.log(2)])).toBe(1);
    expect(pickClass([0.5, 0.5], [0, 0])).toBe(0);
    expect(pickClass([0, 0], [0, 0.1])).toBe(1);
  });

  it('scores macro-F1 as the eval does: a multi-label row is right on any of its labels', () => {
    const rows = [row([1, 0], [0]), row([0, 1], [1]), row([1, 0], [0, 1])];
    expect(macroF1(rows, [0, 1, 0], 2)).toBe(1);
    // One miss: class 0 has 2 right and a false positive (F1 ⅘), class 1 a miss (F1 0).
    expect(macroF1(rows, [0, 0, 0], 2)).toBeCloseTo((4 / 5 + 0) / 2);
  });

  it('fits offsets that recover a rare class plain argmax never picks', () => {
    // Class 1 is always the runner-up on its own rows: argmax never picks it (macro-F1 0.5·⅔).
    const rows = [
      ...Array.from({ length: 8 }, () => row([0.9, 0.1], [0])),
      ...Array.from({ length: 2 }, () => row([0.7, 0.3], [1])),
    ];
    const start = [0, 0];
    const before = macroF1(
      rows,
      rows.map((r) => pickClass(r.scores, start)),
      2,
    );
    const offsets = fitOffsets(rows, start);
    const after = macroF1(
      rows,
      rows.map((r) => pickClass(r.scores, offsets)),
      2,
    );
    expect(before).toBeLessThan(0.5);
    expect(after).toBe(1);
    expect(fitOffsets(rows, start)).toEqual(offsets);
  });
});
