import { describe, expect, it } from 'vitest';
import { GOEMOTIONS_LABELS } from './labels';
import { denseLinearModel, packWeights } from './model';
import { outOfFold, relabel, trainPruned, trainSoftmax, trainWithHeads } from './train';

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

  it('relabels rows onto a taxonomy for its head, merging duplicates', () => {
    const { labels, examples } = relabel(fixture, GOEMOTIONS_LABELS, 'group');
    expect(labels).toEqual(['ambiguous', 'negative', 'neutral', 'positive']);
    expect(examples.map((e) => e.labels.map((c) => labels[c]))).toEqual([
      ['positive'],
      ['positive'],
      ['negative'],
      ['negative'],
      ['neutral'],
      ['positive'],
    ]);
  });

  it('trains the heads deterministically, keeping one bucket set for all of them', () => {
    const a = JSON.stringify(
      packWeights(trainWithHeads(fixture, GOEMOTIONS_LABELS, ['ekman'], 100, options), 100),
    );
    const b = JSON.stringify(
      packWeights(trainWithHeads(fixture, GOEMOTIONS_LABELS, ['ekman'], 100, options), 100),
    );
    expect(a).toBe(b);
    const model = trainWithHeads(fixture, GOEMOTIONS_LABELS, ['ekman'], 100, options);
    const used = (w: Float32Array, k: number): number => {
      let rows = 0;
      for (let r = 0; r < w.length / k; r++) if (w.subarray(r * k, (r + 1) * k).some((x) => x !== 0)) rows++;
      return rows;
    };
    expect(used(model.w, GOEMOTIONS_LABELS.length)).toBeLessThanOrEqual(100);
    expect(used(model.heads![0]!.w, 7)).toBeLessThanOrEqual(100);
  });
});

describe('out-of-fold readings', () => {
  it('reads every row with a model that did not see it, deterministically', () => {
    const rows = Array.from({ length: 9 }, (_, i) => ({ text: `row ${i}`, labels: [i % 3] }));
    const read = () =>
      outOfFold(
        rows,
        3,
        7,
        (train) => new Set(train.map((e) => e.text)),
        (seen, text) => ({ seen: seen.has(text), trainedOn: seen.size }),
      );
    const out = read();
    expect(out).toHaveLength(9);
    for (const r of out) expect(r).toEqual({ seen: false, trainedOn: 6 });
    expect(read()).toEqual(out);
  });
});
