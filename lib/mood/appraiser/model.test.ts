import { describe, expect, it } from 'vitest';
import { createAppraiser } from './appraiser';
import { GOEMOTIONS_LABELS } from './labels';
import { denseLinearModel, packWeights, unpackWeights, type DenseModel } from './model';
import { trainSoftmax } from './train';

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
});
