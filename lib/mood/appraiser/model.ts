import { z } from 'zod';
import { extractFeatures, type Features } from './features';

/**
 * The appraiser's learned weights as shipped: a linear model over hashed features, pruned to
 * the buckets that matter and quantised to signed bytes with one scale per class.
 */
export const AppraiserWeights = z.object({
  format: z.literal('hearth-appraiser/1'),
  /** Hash space of the features, in bits. */
  bits: z.number().int().min(8).max(24),
  /** Class names, in the order of each row's weights. */
  labels: z.array(z.string()).min(2),
  /** One bias per class. */
  bias: z.array(z.number()),
  /** One dequantisation scale per class (weight = byte × scale). */
  scale: z.array(z.number()),
  /** Kept bucket ids, ascending, as base64 of unsigned LEB128 gaps. */
  buckets: z.string(),
  /** Row-major signed bytes, one row of `labels.length` per kept bucket, base64. */
  weights: z.string(),
  /** Each label's share of the training split (multi-label rows count fractionally). */
  prior: z.array(z.number()).optional(),
  /** How the file was made (data, epochs, seed), for the record. */
  trainedOn: z.string().optional(),
});
/** The weights file's shape. */
export type AppraiserWeights = z.infer<typeof AppraiserWeights>;

/** Dense float weights as training produces them, before pruning and quantising. */
export interface DenseModel {
  bits: number;
  labels: readonly string[];
  /** `2^bits × labels.length`, row-major. */
  w: Float32Array;
  bias: Float32Array;
}

/** A loaded model: turns text into class probabilities. */
export interface LinearModel {
  labels: readonly string[];
  bits: number;
  /** Label priors from the training split, when the weights carry them. */
  prior?: readonly number[];
  probabilities(text: string): Float64Array;
  /** The same, from features already extracted at this model's `bits`. */
  probabilitiesOf(features: Features): Float64Array;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Keeps the `keepRows` buckets with the largest weights (by L2 norm of their row) and stores
 * them as bytes. Rounding is to nearest, so the file is a pure function of the dense model.
 */
export function packWeights(
  model: DenseModel,
  keepRows: number,
  extra: { prior?: number[]; trainedOn?: string } = {},
): AppraiserWeights {
  const k = model.labels.length;
  const rows = 1 << model.bits;
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += model.w[r * k + c]! ** 2;
    norms[r] = s;
  }
  const order = Array.from({ length: rows }, (_, r) => r)
    .filter((r) => norms[r]! > 0)
    .sort((x, y) => norms[y]! - norms[x]! || x - y)
    .slice(0, keepRows)
    .sort((x, y) => x - y);
  const scale = new Array<number>(k).fill(0);
  for (const r of order) {
    for (let c = 0; c < k; c++) scale[c] = Math.max(scale[c]!, Math.abs(model.w[r * k + c]!));
  }
  for (let c = 0; c < k; c++) scale[c] = scale[c]! > 0 ? scale[c]! / 127 : 1;
  const bytes = new Int8Array(order.length * k);
  order.forEach((r, i) => {
    for (let c = 0; c < k; c++) bytes[i * k + c] = Math.round(model.w[r * k + c]! / scale[c]!);
  });
  const gaps: number[] = [];
  let last = 0;
  for (const r of order) {
    let gap = r - last;
    last = r;
    while (gap >= 0x80) {
      gaps.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    gaps.push(gap);
  }
  const round = (x: number): number => Number(x.toPrecision(7));
  return {
    format: 'hearth-appraiser/1',
    bits: model.bits,
    labels: [...model.labels],
    bias: Array.from(model.bias, round),
    scale: scale.map(round),
    buckets: toBase64(Uint8Array.from(gaps)),
    weights: toBase64(new Uint8Array(bytes.buffer)),
    ...(extra.prior ? { prior: extra.prior.map(round) } : {}),
    ...(extra.trainedOn ? { trainedOn: extra.trainedOn } : {}),
  };
}

/** Softmax of `scores` in place, numerically stable. */
export function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = Math.exp(scores[i]! - max);
    sum += scores[i]!;
  }
  for (let i = 0; i < scores.length; i++) scores[i] = scores[i]! / sum;
  return scores;
}

/** Builds a scorer from dense (training-time) weights. */
export function denseLinearModel(model: DenseModel): LinearModel {
  const k = model.labels.length;
  const probabilitiesOf = ({ buckets, values }: Features): Float64Array => {
    const scores = Float64Array.from(model.bias);
    for (let f = 0; f < buckets.length; f++) {
      const base = buckets[f]! * k;
      const v = values[f]!;
      for (let c = 0; c < k; c++) scores[c] = scores[c]! + v * model.w[base + c]!;
    }
    return softmaxInPlace(scores);
  };
  return {
    labels: model.labels,
    bits: model.bits,
    probabilitiesOf,
    probabilities: (text) => probabilitiesOf(extractFeatures(text, model.bits)),
  };
}

/** Builds a scorer from the shipped weights; throws a clear error on a malformed file. */
export function unpackWeights(input: unknown): LinearModel {
  const parsed = AppraiserWeights.safeParse(input);
  if (!parsed.success) throw new Error(`Appraiser weights are malformed: ${parsed.error.message}`);
  const weights = parsed.data;
  const k = weights.labels.length;
  if (weights.bias.length !== k || weights.scale.length !== k) {
    throw new Error('Appraiser weights are malformed: bias and scale need one value per label');
  }
  const gaps = fromBase64(weights.buckets);
  const bytes = new Int8Array(fromBase64(weights.weights).buffer);
  const rowOf = new Int32Array(1 << weights.bits).fill(-1);
  let bucket = 0;
  let row = 0;
  for (let i = 0; i < gaps.length;) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = gaps[i++]!;
      gap |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80 && i < gaps.length);
    bucket += gap;
    if (bucket >= rowOf.length) throw new Error('Appraiser weights are malformed: bucket out of range');
    rowOf[bucket] = row++;
  }
  if (row * k !== bytes.length) {
    throw new Error(`Appraiser weights are malformed: ${row} buckets but ${bytes.length} weights`);
  }
  if (weights.prior && weights.prior.length !== k) {
    throw new Error('Appraiser weights are malformed: prior needs one value per label');
  }
  const scale = Float64Array.from(weights.scale);
  const probabilitiesOf = ({ buckets, values }: Features): Float64Array => {
    const scores = Float64Array.from(weights.bias);
    for (let f = 0; f < buckets.length; f++) {
      const r = rowOf[buckets[f]!]!;
      if (r < 0) continue;
      const base = r * k;
      const v = values[f]!;
      for (let c = 0; c < k; c++) scores[c] = scores[c]! + v * bytes[base + c]! * scale[c]!;
    }
    return softmaxInPlace(scores);
  };
  return {
    labels: weights.labels,
    bits: weights.bits,
    ...(weights.prior ? { prior: weights.prior } : {}),
    probabilitiesOf,
    probabilities: (text) => probabilitiesOf(extractFeatures(text, weights.bits)),
  };
}
