import { describe, expect, it } from 'vitest';
import { GOEMOTIONS_LABELS } from './labels';
import { denseLinearModel, packWeights } from './model';
import { trainPruned, trainSoftmax } from './train';

const fixture = [
  { text: 'I love this so much', labels: [18] },
  { text: 'thank you, thanks a lot', labels: [15] },
  { text: 'this makes me furious', labels: [2] },
  { text: 'I am so sad today :(', labels: [25] },
  { text: 'the bus leaves at noon', labels: [27] },
  { text: 'what a lovely gift, thank you', labels: [15, 18] },
];
const options = { bits: 12, epochs: 6, learningRate: 0.5, l2: 1e-4, seed: 3 };

describe('training', () => {
  it('is deterministic: the same data and seed give the same file, byte for byte', () => {
    const a = JSON.stringify(packWeights(trainPruned(fixture, GOEMOTIONS_LABELS, 200, options), 200));
    const b = JSON.stringify(packWeights(trainPruned(fixture, GOEMOTIONS_LABELS, 200, options), 200));
    expect(a).toBe(b);
    const other = JSON.stringify(
      packWeights(trainPruned(fixture, GOEMOTIONS_LABELS, 200, { ...options, seed: 4 }), 200),
    );
    expect(other).not.toBe(a);
  });

  it('learns the fixture: each example is read as one of its labels', () => {
    const model = denseLinearModel(trainSoftmax(fixture, GOEMOTIONS_LABELS, options));
    for (const { text, labels } of fixture) {
      const p = model.probabilities(text);
      const best = p.indexOf(Math.max(...p));
      expect(labels).toContain(best);
    }
  });

  it('lowers the loss epoch by epoch', () => {
    const losses: number[] = [];
    trainSoftmax(fixture, GOEMOTIONS_LABELS, options, (_, loss) => losses.push(loss));
    expect(losses).toHaveLength(options.epochs);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
  });
});
