import { extractFeatures } from './features';
import { TAXONOMY_OF, type HeadName } from './heads';
import type { EmotionLabel } from './labels';
import type { DenseHead, DenseModel } from './model';

/** One training example: the text and the ids of its labels (GoEmotions allows several). */
export interface TrainingExample {
  text: string;
  labels: number[];
}

/** How to train; the defaults are what the shipped weights were trained with. */
export interface TrainOptions {
  bits: number;
  epochs: number;
  /** AdaGrad's base step. */
  learningRate: number;
  /** L2 penalty, applied to the weights a step touches (the usual sparse approximation). */
  l2: number;
  seed: number;
}

/** The settings behind the shipped weights. */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  bits: 18,
  epochs: 3,
  learningRate: 0.3,
  l2: 1e-4,
  seed: 20201,
};

/** A small, seeded generator (mulberry32), so shuffles repeat exactly. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Multinomial logistic regression by AdaGrad. A row with several labels spreads its target
 * evenly over them (soft targets), so the model's output is one distribution over labels.
 * Deterministic: same data, options and seed give the same weights, bit for bit.
 */
export function trainSoftmax(
  examples: readonly TrainingExample[],
  labels: readonly string[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  onEpoch?: (epoch: number, loss: number) => void,
  allowed?: Uint8Array,
): DenseModel {
  const k = labels.length;
  const rows = 1 << options.bits;
  const w = new Float32Array(rows * k);
  const g2 = new Float32Array(rows * k);
  const bias = new Float32Array(k);
  const biasG2 = new Float32Array(k);
  const features = examples.map((e) => {
    const all = extractFeatures(e.text, options.bits);
    if (!allowed) return all;
    const keep = all.buckets.reduce((n, b) => n + (allowed[b] ? 1 : 0), 0);
    const buckets = new Int32Array(keep);
    const values = new Float32Array(keep);
    let j = 0;
    all.buckets.forEach((b, i) => {
      if (allowed[b]) {
        buckets[j] = b;
        values[j++] = all.values[i]!;
      }
    });
    return { buckets, values };
  });
  const targets = examples.map((e) => {
    const t = new Float64Array(k);
    for (const id of e.labels) t[id] = 1 / e.labels.length;
    return t;
  });
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  const scores = new Float64Array(k);
  const eps = 1e-8;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    for (const index of order) {
      const { buckets, values } = features[index]!;
      const target = targets[index]!;
      for (let c = 0; c < k; c++) scores[c] = bias[c]!;
      for (let f = 0; f < buckets.length; f++) {
        const base = buckets[f]! * k;
        const v = values[f]!;
        for (let c = 0; c < k; c++) scores[c] = scores[c]! + v * w[base + c]!;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, scores[c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += scores[c] = Math.exp(scores[c]! - max);
      for (let c = 0; c < k; c++) {
        scores[c] = scores[c]! / sum;
        if (target[c]! > 0) loss -= target[c]! * Math.log(scores[c]! + 1e-12);
      }
      // scores now holds the gradient of the loss w.r.t. the logits: p - target.
      for (let c = 0; c < k; c++) scores[c] = scores[c]! - target[c]!;
      for (let c = 0; c < k; c++) {
        const g = scores[c]!;
        biasG2[c] = biasG2[c]! + g * g;
        bias[c] = bias[c]! - (options.learningRate * g) / Math.sqrt(biasG2[c]! + eps);
      }
      for (let f = 0; f < buckets.length; f++) {
        const base = buckets[f]! * k;
        const v = values[f]!;
        for (let c = 0; c < k; c++) {
          const at = base + c;
          const g = scores[c]! * v + options.l2 * w[at]!;
          g2[at] = g2[at]! + g * g;
          w[at] = w[at]! - (options.learningRate * g) / Math.sqrt(g2[at]! + eps);
        }
      }
    }
    onEpoch?.(epoch + 1, loss / Math.max(1, order.length));
  }
  return { bits: options.bits, labels, w, bias };
}

/**
 * The `keep` buckets whose weight rows have the largest L2 norm (ties: lower bucket first);
 * with heads, a row's norm spans the heads' columns too, as the packed file stores them.
 */
export function strongestRows(model: DenseModel, keep: number): Uint8Array {
  const rows = 1 << model.bits;
  const norms = new Float64Array(rows);
  for (const block of [model, ...(model.heads ?? [])]) {
    const k = block.labels.length;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += block.w[r * k + c]! ** 2;
      norms[r] = norms[r]! + s;
    }
  }
  const order = Array.from({ length: rows }, (_, r) => r)
    .filter((r) => norms[r]! > 0)
    .sort((x, y) => norms[y]! - norms[x]! || x - y);
  const allowed = new Uint8Array(rows);
  for (const r of order.slice(0, keep)) allowed[r] = 1;
  return allowed;
}

/**
 * Trains, keeps the `keepRows` strongest buckets, and trains again on those alone, so the
 * small model learns to do without what was pruned instead of merely losing it.
 */
export function trainPruned(
  examples: readonly TrainingExample[],
  labels: readonly string[],
  keepRows: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  onEpoch?: (pass: 'full' | 'pruned', epoch: number, loss: number) => void,
): DenseModel {
  const full = trainSoftmax(examples, labels, options, (e, l) => onEpoch?.('full', e, l));
  const allowed = strongestRows(full, keepRows);
  return trainSoftmax(examples, labels, options, (e, l) => onEpoch?.('pruned', e, l), allowed);
}

/** The training rows relabelled onto a taxonomy's classes (a row's duplicates merged). */
export function relabel(
  examples: readonly TrainingExample[],
  fine: readonly string[],
  head: HeadName,
): { labels: string[]; examples: TrainingExample[] } {
  const taxonomy = TAXONOMY_OF[head] as Record<EmotionLabel, string>;
  const labels = [...new Set(Object.values(taxonomy))].sort();
  const classOf = fine.map((label) => labels.indexOf(taxonomy[label as EmotionLabel]));
  return {
    labels,
    examples: examples.map((e) => ({
      text: e.text,
      labels: [...new Set(e.labels.map((id) => classOf[id]!))],
    })),
  };
}

/**
 * The shipped model: the 28-label softmax plus a head per coarser taxonomy (heads.ts), each
 * trained on the same rows and features. Pruning keeps the buckets strongest across all of
 * them, then each is trained again on those alone (as trainPruned does for one).
 */
export function trainWithHeads(
  examples: readonly TrainingExample[],
  labels: readonly string[],
  heads: readonly HeadName[],
  keepRows: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  onEpoch?: (pass: string, epoch: number, loss: number) => void,
): DenseModel {
  const tasks = [
    { name: 'fine', labels, examples },
    ...heads.map((name) => ({ name, ...relabel(examples, labels, name) })),
  ];
  const train = (allowed?: Uint8Array): DenseModel => {
    const [fine, ...rest] = tasks.map((t) =>
      trainSoftmax(
        t.examples,
        t.labels,
        options,
        (e, l) => onEpoch?.(`${t.name}${allowed ? ' pruned' : ''}`, e, l),
        allowed,
      ),
    );
    const denseHeads: DenseHead[] = rest.map((m, i) => ({
      name: heads[i]!,
      labels: m.labels,
      w: m.w,
      bias: m.bias,
    }));
    return { ...fine!, heads: denseHeads };
  };
  return train(strongestRows(train(), keepRows));
}

/**
 * Out-of-fold readings of the training rows, for choosing decision rules without touching
 * dev or test data: the rows are dealt into `folds` (a seeded shuffle), a model is trained
 * on all folds but one by `fit`, and each row is read by the model that did not see it.
 * `read` turns a trained model and a text into whatever the caller scores.
 */
export function outOfFold<M, R>(
  examples: readonly TrainingExample[],
  folds: number,
  seed: number,
  fit: (train: TrainingExample[]) => M,
  read: (model: M, text: string) => R,
): R[] {
  const order = examples.map((_, i) => i);
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const foldOf = new Int32Array(examples.length);
  order.forEach((row, rank) => (foldOf[row] = rank % folds));
  const out = new Array<R>(examples.length);
  for (let f = 0; f < folds; f++) {
    const model = fit(examples.filter((_, i) => foldOf[i] !== f));
    examples.forEach((e, i) => {
      if (foldOf[i] === f) out[i] = read(model, e.text);
    });
  }
  return out;
}
