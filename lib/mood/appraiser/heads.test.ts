import { describe, expect, it } from 'vitest';
import { headShape, HEAD_POWER, poolWithHeads } from './heads';
import { GOEMOTIONS_LABELS } from './labels';

const groups = ['ambiguous', 'negative', 'neutral', 'positive'];
const shape = headShape('group', groups, GOEMOTIONS_LABELS);
const at = (label: string): number => GOEMOTIONS_LABELS.indexOf(label as (typeof GOEMOTIONS_LABELS)[number]);

/** A fine distribution: half on neutral, the rest on joy (0.3) and love (0.1) and anger (0.1). */
function fine(): Float64Array {
  const p = new Float64Array(GOEMOTIONS_LABELS.length);
  p[at('neutral')] = 0.5;
  p[at('joy')] = 0.3;
  p[at('love')] = 0.1;
  p[at('anger')] = 0.1;
  return p;
}
const groupTotals = (p: Float64Array): number[] => {
  const t = [0, 0, 0, 0];
  p.forEach((x, i) => (t[shape.classOf[i]!]! += x));
  return t;
};

describe('pooling the fine labels with a taxonomy head', () => {
  it('maps each fine label onto its class', () => {
    expect(groups[shape.classOf[at('anger')]!]).toBe('negative');
    expect(groups[shape.classOf[at('curiosity')]!]).toBe('ambiguous');
    expect(groups[shape.classOf[at('neutral')]!]).toBe('neutral');
  });

  it('changes nothing when the head agrees with the fine model', () => {
    const p = fine();
    const pooled = poolWithHeads(p, [shape], [Float64Array.from(groupTotals(p))]);
    pooled.forEach((x, i) => expect(x).toBeCloseTo(p[i]!, 12));
  });

  it('moves each class total toward the head, keeping proportions within the class', () => {
    const p = fine();
    const head = Float64Array.from([0, 0.1, 0.2, 0.7]);
    const pooled = poolWithHeads(p, [shape], [head]);
    expect(pooled.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    const [, negative, neutral, positive] = groupTotals(pooled);
    // Positive was 0.4 and the head says 0.7: the pooled total lies between the two.
    expect(positive).toBeGreaterThan(0.4);
    expect(positive).toBeLessThan(0.7);
    expect(neutral).toBeLessThan(0.5);
    expect(pooled[at('joy')]! / pooled[at('love')]!).toBeCloseTo(3, 10);
    // The rule's form: the class total scales by (head / fine)^HEAD_POWER before renormalising.
    const raw = [
      0.1 * (0.1 / 0.1) ** HEAD_POWER,
      0.5 * (0.2 / 0.5) ** HEAD_POWER,
      0.4 * (0.7 / 0.4) ** HEAD_POWER,
    ];
    const sum = raw.reduce((s, x) => s + x, 0);
    expect(negative).toBeCloseTo(raw[0]! / sum, 10);
    expect(positive).toBeCloseTo(raw[2]! / sum, 10);
  });

  it('rejects a head of unknown name or wrong classes', () => {
    expect(() => headShape('plutchik', groups, GOEMOTIONS_LABELS)).toThrow(/unknown head/);
    expect(() => headShape('group', ['negative', 'neutral', 'positive'], GOEMOTIONS_LABELS)).toThrow(
      /needs the classes/,
    );
    expect(() => headShape('group', groups, ['happy', 'sad'])).toThrow(/fine labels/);
  });
});
