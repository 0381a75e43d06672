import { z } from 'zod';
import { extractFeatures, type Features } from './features';
import { headShape, poolWithHeads, type HeadName, type HeadShape } from './heads';
import { PadBlend } from './blend';
import { PackedLexicon } from './lexicon';
import { ClassOffsets } from './decision';

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
  /**
   * One dequantisation scale per column (weight = byte × scale): the labels, then each head's
   * classes. Bytes may use fewer than the full ±127 steps (training chooses), which gzip rewards.
   */
  scale: z.array(z.number()),
  /** Kept bucket ids, ascending, as base64 of unsigned LEB128 gaps. */
  buckets: z.string(),
  /** Row-major signed weights (see weightBits), one row of `labels.length` (+ each head's classes) per kept bucket, base64. */
  weights: z.string(),
  /**
   * Bits per stored weight: 8 (signed bytes) or 4 (signed nibbles, two to a byte, the first in
   * the low half), for weights of at most ±7 steps. Absent means 8.
   */
  weightBits: z.union([z.literal(4), z.literal(8)]).optional(),
  /** Softmax heads on GoEmotions' coarser taxonomies (heads.ts), their columns after the labels'. */
  heads: z
    .array(z.object({ name: z.string(), labels: z.array(z.string()).min(2), bias: z.array(z.number()) }))
    .optional(),
  /** Each label's share of the training split (multi-label rows count fractionally). */
  prior: z.array(z.number()).optional(),
  /** How the file was made (data, epochs, seed), for the record. */
  trainedOn: z.string().optional(),
  /** A valence lexicon read beside the model (lexicon.ts); absent: the model alone. */
  lexicon: PackedLexicon.optional(),
  /** How pleasure and arousal combine the model, the lexicon and cues (blend.ts); needs `lexicon`. */
  blend: PadBlend.optional(),
  /** Per taxonomy, each class's log offset for picking one class (decision.ts). */
  offsets: ClassOffsets.optional(),
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
  /** Heads on the coarser taxonomies, each a dense softmax of its own over the same buckets. */
  heads?: DenseHead[];
}

/** One taxonomy head's dense weights (`2^bits × labels.length`, row-major). */
export interface DenseHead {
  name: HeadName;
  labels: readonly string[];
  w: Float32Array;
  bias: Float32Array;
}

/** The model's blocks of columns (the fine labels, then each head) as packing sees them. */
function blocksOf(model: DenseModel): { w: Float32Array; k: number }[] {
  return [model, ...(model.heads ?? [])].map((b) => ({ w: b.w, k: b.labels.length }));
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

/** Signed values in [-8, 7], two to a byte, the first in the low half. */
export function packNibbles(values: Int8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 2));
  for (let i = 0; i < values.length; i++) out[i >> 1]! |= (values[i]! & 0x0f) << ((i & 1) * 4);
  return out;
}

/** The inverse of packNibbles: `count` signed values. */
export function unpackNibbles(bytes: Uint8Array, count: number): Int8Array {
  const out = new Int8Array(count);
  for (let i = 0; i < count; i++) out[i] = (((bytes[i >> 1]! >> ((i & 1) * 4)) & 0x0f) << 28) >> 28;
  return out;
}

/**
 * Keeps the `keepRows` buckets with the largest weights (by L2 norm of their row, heads'
 * columns included) and stores them as bytes of ±`levels` steps (default 127). Rounding is to
 * nearest, so the file is a pure function of the dense model.
 */
export function packWeights(
  model: DenseModel,
  keepRows: number,
  extra: { prior?: number[]; trainedOn?: string; levels?: number } = {},
): AppraiserWeights {
  const levels = extra.levels ?? 127;
  if (!(Number.isInteger(levels) && levels >= 1 && levels <= 127)) throw new Error('levels must be 1–127');
  const blocks = blocksOf(model);
  const width = blocks.reduce((n, b) => n + b.k, 0);
  const rows = 1 << model.bits;
  // A row's columns, fine labels first, then each head's.
  const column = (r: number, j: number): number => {
    for (const b of blocks) {
      if (j < b.k) return b.w[r * b.k + j]!;
      j -= b.k;
    }
    return 0;
  };
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < width; j++) s += column(r, j) ** 2;
    norms[r] = s;
  }
  const order = Array.from({ length: rows }, (_, r) => r)
    .filter((r) => norms[r]! > 0)
    .sort((x, y) => norms[y]! - norms[x]! || x - y)
    .slice(0, keepRows)
    .sort((x, y) => x - y);
  const scale = new Array<number>(width).fill(0);
  for (const r of order) {
    for (let j = 0; j < width; j++) scale[j] = Math.max(scale[j]!, Math.abs(column(r, j)));
  }
  for (let j = 0; j < width; j++) scale[j] = scale[j]! > 0 ? scale[j]! / levels : 1;
  const bytes = new Int8Array(order.length * width);
  order.forEach((r, i) => {
    for (let j = 0; j < width; j++) bytes[i * width + j] = Math.round(column(r, j) / scale[j]!);
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
    weights: toBase64(levels <= 7 ? packNibbles(bytes) : new Uint8Array(bytes.buffer)),
    ...(levels <= 7 ? { weightBits: 4 as const } : {}),
    ...(model.heads?.length
      ? {
          heads: model.heads.map((h) => ({
            name: h.name,
            labels: [...h.labels],
            bias: Array.from(h.bias, round),
          })),
        }
      : {}),
    ...(extra.prior ? { prior: extra.prior.map(round) } : {}),
    ...(extra.trainedOn ? { trainedOn: extra.trainedOn } : {}),
  };
}

/**
 * Turns one feature vector's raw scores (fine labels, then each head's classes) into the
 * fine distribution: a softmax per block, then the heads pooled in (heads.ts).
 */
function distribution(scores: Float64Array, k: number, shapes: readonly HeadShape[]): Float64Array {
  const fine = softmaxInPlace(scores.subarray(0, k));
  if (shapes.length === 0) return Float64Array.from(fine);
  let at = k;
  const heads = shapes.map((shape) => {
    const q = softmaxInPlace(scores.subarray(at, at + shape.labels.length));
    at += shape.labels.length;
    return q;
  });
  return poolWithHeads(fine, shapes, heads);
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

/** Builds a scorer from dense (training-time) weights, heads pooled in as shipped. */
export function denseLinearModel(model: DenseModel): LinearModel {
  const blocks = [model, ...(model.heads ?? [])];
  const shapes = (model.heads ?? []).map((h) => headShape(h.name, h.labels, model.labels));
  const width = blocks.reduce((n, b) => n + b.labels.length, 0);
  const probabilitiesOf = ({ buckets, values }: Features): Float64Array => {
    const scores = new Float64Array(width);
    let at = 0;
    for (const block of blocks) {
      const k = block.labels.length;
      for (let c = 0; c < k; c++) scores[at + c] = block.bias[c]!;
      for (let f = 0; f < buckets.length; f++) {
        const base = buckets[f]! * k;
        const v = values[f]!;
        for (let c = 0; c < k; c++) scores[at + c] = scores[at + c]! + v * block.w[base + c]!;
      }
      at += k;
    }
    return distribution(scores, model.labels.length, shapes);
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
  let shapes: HeadShape[];
  try {
    shapes = (weights.heads ?? []).map((h) => {
      if (h.bias.length !== h.labels.length) throw new Error(`head '${h.name}' needs one bias per class`);
      return headShape(h.name, h.labels, weights.labels);
    });
  } catch (error) {
    throw new Error(`Appraiser weights are malformed: ${(error as Error).message}`);
  }
  const width = k + shapes.reduce((n, s) => n + s.labels.length, 0);
  if (weights.bias.length !== k || weights.scale.length !== width) {
    throw new Error('Appraiser weights are malformed: bias and scale need one value per label');
  }
  const bias = Float64Array.from([...weights.bias, ...(weights.heads ?? []).flatMap((h) => h.bias)]);
  const gaps = fromBase64(weights.buckets);
  const stored = fromBase64(weights.weights);
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
  const nibbles = weights.weightBits === 4;
  if (nibbles ? Math.ceil((row * width) / 2) !== stored.length : row * width !== stored.length) {
    const count = nibbles ? stored.length * 2 : stored.length;
    throw new Error(`Appraiser weights are malformed: ${row} buckets but ${count} weights`);
  }
  const bytes = nibbles ? unpackNibbles(stored, row * width) : new Int8Array(stored.buffer);
  if (weights.prior && weights.prior.length !== k) {
    throw new Error('Appraiser weights are malformed: prior needs one value per label');
  }
  const scale = Float64Array.from(weights.scale);
  const probabilitiesOf = ({ buckets, values }: Features): Float64Array => {
    const scores = Float64Array.from(bias);
    for (let f = 0; f < buckets.length; f++) {
      const r = rowOf[buckets[f]!]!;
      if (r < 0) continue;
      const base = r * width;
      const v = values[f]!;
      for (let c = 0; c < width; c++) scores[c] = scores[c]! + v * bytes[base + c]! * scale[c]!;
    }
    return distribution(scores, k, shapes);
  };
  return {
    labels: weights.labels,
    bits: weights.bits,
    ...(weights.prior ? { prior: weights.prior } : {}),
    probabilitiesOf,
    probabilities: (text) => probabilitiesOf(extractFeatures(text, weights.bits)),
  };
}
