import { describe, expect, it } from 'vitest';
import { BLEND_SHARES, blendPad, EXCLAMATION_CAP, fitBlend, type ReadingParts } from './blend';

const parts = (p: number, a: number, lexValence: number, lexAffect: number, exclamation: number) =>
  ({ p, a, lexValence, lexAffect, exclamation }) satisfies ReadingParts;
const sd = (xs: number[]): number => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
};
// A reference set where the sources vary independently, on very different scales.
const reference: ReadingParts[] = [];
for (let i = 0; i < 4; i++)
  for (let j = 0; j < 4; j++)
    reference.push(parts(0.1 * (i - 1.5), 0.05 * (j - 1.5), 2 * (j - 1.5), (i + j) % 3, (i * j) % 4));

describe('the PAD blend', () => {
  it('puts each source on the model’s scale with its share, and keeps the model’s spread', () => {
    const blend = fitBlend(reference);
    const p = reference.map((x) => blend.p.model * x.p + blend.p.lexicon * x.lexValence);
    const a = reference.map(
      (x) => blend.a.model * x.a + blend.a.exclamation * x.exclamation + blend.a.lexicon * x.lexAffect,
    );
    expect(sd(p)).toBeCloseTo(sd(reference.map((x) => x.p)), 5);
    expect(sd(a)).toBeCloseTo(sd(reference.map((x) => x.a)), 5);
    // Shares hold in spread units: lexicon's contribution spread / model's = share ratio.
    const lexSpread = blend.p.lexicon * sd(reference.map((x) => x.lexValence));
    const modelSpread = blend.p.model * sd(reference.map((x) => x.p));
    expect(lexSpread / modelSpread).toBeCloseTo(BLEND_SHARES.p.lexicon / BLEND_SHARES.p.model, 5);
    const exSpread = blend.a.exclamation * sd(reference.map((x) => x.exclamation));
    const aSpread = blend.a.model * sd(reference.map((x) => x.a));
    expect(exSpread / aSpread).toBeCloseTo(BLEND_SHARES.a.exclamation / BLEND_SHARES.a.model, 5);
  });

  it('gives a source with no spread no weight rather than dividing by zero', () => {
    const flat = reference.map((x) => ({ ...x, lexValence: 0 }));
    const blend = fitBlend(flat);
    expect(blend.p.lexicon).toBe(0);
    expect(Number.isFinite(blend.p.model)).toBe(true);
  });

  it('clamps to [-1, 1] and caps the exclamation run', () => {
    const blend = { p: { model: 1, lexicon: 1 }, a: { model: 1, exclamation: 0.1, lexicon: 0 } };
    expect(blendPad(parts(0.5, 0, 4, 0, 0), blend).p).toBe(1);
    expect(blendPad(parts(-0.5, 0, -4, 0, 0), blend).p).toBe(-1);
    expect(blendPad(parts(0, 0, 0, 0, 50), blend).a).toBeCloseTo(0.1 * EXCLAMATION_CAP);
  });
});
