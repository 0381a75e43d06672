import { describe, expect, it } from 'vitest';
import { createAppraiser } from './appraiser';
import { GOEMOTIONS_LABELS } from './labels';
import {
  denseLinearModel,
  packNibbles,
  packWeights,
  unpackNibbles,
  unpackWeights,
  type DenseModel,
} from './model';
import { trainSoftmax, trainWithHeads } from './train';

const fixture = [
  { text: 'I love this so much', labels: [18] },
  { text: 'thank you, thanks a lot', labels: [15] },
  { text: 'this makes me furious', labels: [2] },
  { text: 'I am so sad today :(', labels: [25] },
  { text: 'the bus leaves at noon', labels: [27] },
  { text: 'what time is it', labels: [27] },
];
const options = { bits: 12, epochs: 8, learningRate: 0.5, l2: 1e-4, seed: 7 };

function tiny(): DenseModel {
  return trainSoftmax(fixture, GOEMOTIONS_LABELS, options);
}

describe('packing the weights', () => {
  it('round-trips: the packed model scores like the dense one', () => {
    const dense = tiny();
    const packed = unpackWeights(JSON.parse(JSON.stringify(packWeights(dense, 1 << 12))));
    const reference = denseLinearModel(dense);
    for (const { text } of fixture) {
      const a = reference.probabilities(text);
      const b = packed.probabilities(text);
      a.forEach((p, i) => expect(b[i]).toBeCloseTo(p, 2));
    }
  });

  it('keeps only the strongest buckets when asked', () => {
    const packed = packWeights(tiny(), 10);
    expect(atob(packed.weights).length).toBe(10 * GOEMOTIONS_LABELS.length);
  });

  it('rejects malformed weights with a clear error', () => {
    const good = packWeights(tiny(), 50);
    expect(() => createAppraiser({})).toThrow(/malformed/);
    expect(() => createAppraiser({ ...good, bias: [1, 2] })).toThrow(/one value per label/);
    expect(() => createAppraiser({ ...good, weights: btoa('abc') })).toThrow(/buckets but/);
    expect(() => createAppraiser({ ...good, labels: good.labels.map((l) => `x${l}`) })).toThrow(
      /GoEmotions' labels/,
    );
  });

  it('stores weights in as few steps as asked, as nibbles when they fit in 4 bits', () => {
    const dense = tiny();
    const wide = packWeights(dense, 1 << 12, { levels: 15 });
    const bytes = new Int8Array(Uint8Array.from(atob(wide.weights), (c) => c.charCodeAt(0)).buffer);
    expect(Math.max(...bytes.map(Math.abs))).toBe(15);
    expect(wide.weightBits).toBeUndefined();
    const narrow = packWeights(dense, 1 << 12, { levels: 7 });
    expect(narrow.weightBits).toBe(4);
    expect(atob(narrow.weights).length).toBe(Math.ceil(bytes.length / 2));
    const reference = denseLinearModel(dense);
    const packed = unpackWeights(JSON.parse(JSON.stringify(narrow)));
    for (const { text } of fixture) {
      const a = reference.probabilities(text);
      const best = a.indexOf(Math.max(...a));
      const b = packed.probabilities(text);
      expect(b.indexOf(Math.max(...b))).toBe(best);
    }
    expect(() => packWeights(dense, 10, { levels: 0 })).toThrow(/levels/);
  });

  it('packs signed nibbles losslessly', () => {
    const values = Int8Array.from([-8, -7, -1, 0, 1, 7, 3]);
    expect(Array.from(unpackNibbles(packNibbles(values), values.length))).toEqual(Array.from(values));
  });

  it('round-trips taxonomy heads: the packed model scores like the dense one, heads pooled in', () => {
    const dense = trainWithHeads(fixture, GOEMOTIONS_LABELS, ['group', 'ekman'], 1 << 12, options);
    const file = JSON.parse(JSON.stringify(packWeights(dense, 1 << 12)));
    expect(file.heads.map((h: { name: string }) => h.name)).toEqual(['group', 'ekman']);
    expect(file.scale).toHaveLength(GOEMOTIONS_LABELS.length + 4 + 7);
    const packed = unpackWeights(file);
    const reference = denseLinearModel(dense);
    const fineOnly = denseLinearModel({ ...dense, heads: [] });
    let moved = 0;
    for (const { text } of fixture) {
      const a = reference.probabilities(text);
      const b = packed.probabilities(text);
      a.forEach((p, i) => expect(b[i]).toBeCloseTo(p, 2));
      expect(b.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
      const c = fineOnly.probabilities(text);
      moved += a.reduce((s, p, i) => s + Math.abs(p - c[i]!), 0);
    }
    // The heads do change the reading (else they would be dead weight in the file).
    expect(moved).toBeGreaterThan(1e-3);
  });

  it('rejects malformed heads with a clear error', () => {
    const good = packWeights(trainWithHeads(fixture, GOEMOTIONS_LABELS, ['group'], 50, options), 50);
    const head = good.heads![0]!;
    expect(() => createAppraiser({ ...good, heads: [{ ...head, name: 'plutchik' }] })).toThrow(
      /malformed: unknown head/,
    );
    expect(() => createAppraiser({ ...good, heads: [{ ...head, bias: [0] }] })).toThrow(/one bias per class/);
    expect(() => createAppraiser({ ...good, heads: [] })).toThrow(/malformed/);
  });
});
