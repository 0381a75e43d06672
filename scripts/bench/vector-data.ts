/**
 * Synthetic vectors for the vector-index benchmark, seeded so every run sees the same data.
 *
 * "Clustered" imitates sentence embeddings such as all-MiniLM-L6-v2's, as far as it matters
 * to an index: a direction every vector shares (random pairs have cosine ~0.1), topics,
 * "sentences" within a topic, uneven variance across dimensions, and each sentence tiled
 * many times with noise (as a long-lived memory store repeats facts), so the 10th and 11th
 * neighbours of a query are often near-duplicates a hair apart. Queries are drawn the same
 * way but are not in the data. "Uniform" is uniform on the sphere: no structure at all,
 * the worst case for any quantization or pruning.
 */

/** A seeded PRNG (mulberry32) with a Gaussian sampler. */
export class Rng {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  gaussian(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    const u = this.next() || 1e-12;
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** The vectors of one benchmark set and queries drawn like them, all L2-normalised. */
export interface VectorSet {
  name: 'clustered' | 'uniform' | 'real';
  n: number;
  dim: number;
  /** n × dim, row-major. */
  data: Float32Array;
  queries: Float32Array[];
}

function normalizeRow(a: Float32Array, offset: number, dim: number): void {
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += a[offset + d]! ** 2;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let d = 0; d < dim; d++) a[offset + d]! *= inv;
}

/** Shape of the clustered set; the defaults give top-1 cosine ~0.9 and random pairs ~0.1. */
export interface ClusterShape {
  topics: number;
  sentencesPerTopic: number;
  /** Weight of the shared direction, of the topic, and of the sentence's own part. */
  shared: number;
  topic: number;
  sentence: number;
  /** Norm of the noise added to a sentence for each tiled copy (and each query). */
  noise: number;
}

export const DEFAULT_SHAPE: ClusterShape = {
  topics: 200,
  sentencesPerTopic: 20,
  shared: 0.35,
  topic: 0.6,
  sentence: 0.6,
  noise: 0.35,
};

export function clusteredSet(
  n: number,
  dim: number,
  queries: number,
  seed = 1,
  shape = DEFAULT_SHAPE,
): VectorSet {
  const rng = new Rng(seed);
  // Uneven variance across dimensions (log-normal), as in real embedding models.
  const spread = new Float32Array(dim);
  for (let d = 0; d < dim; d++) spread[d] = Math.exp(0.5 * rng.gaussian());
  const gaussianRow = (out: Float32Array, offset: number, weight: number): void => {
    for (let d = 0; d < dim; d++) out[offset + d]! += weight * spread[d]! * rng.gaussian();
  };
  const shared = new Float32Array(dim);
  gaussianRow(shared, 0, 1);
  normalizeRow(shared, 0, dim);
  const sentences = shape.topics * shape.sentencesPerTopic;
  const base = new Float32Array(sentences * dim);
  const topic = new Float32Array(dim);
  const unit = 1 / Math.sqrt(dim);
  for (let t = 0; t < shape.topics; t++) {
    topic.fill(0);
    gaussianRow(topic, 0, 1);
    normalizeRow(topic, 0, dim);
    for (let s = 0; s < shape.sentencesPerTopic; s++) {
      const o = (t * shape.sentencesPerTopic + s) * dim;
      for (let d = 0; d < dim; d++) base[o + d] = shape.shared * shared[d]! + shape.topic * topic[d]!;
      gaussianRow(base, o, shape.sentence * unit);
      normalizeRow(base, o, dim);
    }
  }
  const sample = (out: Float32Array, offset: number): void => {
    const o = Math.floor(rng.next() * sentences) * dim;
    for (let d = 0; d < dim; d++) out[offset + d] = base[o + d]!;
    gaussianRow(out, offset, shape.noise * unit);
    normalizeRow(out, offset, dim);
  };
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) sample(data, i * dim);
  const qs: Float32Array[] = [];
  for (let i = 0; i < queries; i++) {
    const q = new Float32Array(dim);
    sample(q, 0);
    qs.push(q);
  }
  return { name: 'clustered', n, dim, data, queries: qs };
}

export function uniformSet(n: number, dim: number, queries: number, seed = 2): VectorSet {
  const rng = new Rng(seed);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n * dim; i++) data[i] = rng.gaussian();
  for (let i = 0; i < n; i++) normalizeRow(data, i * dim, dim);
  const qs: Float32Array[] = [];
  for (let i = 0; i < queries; i++) {
    const q = new Float32Array(dim);
    for (let d = 0; d < dim; d++) q[d] = rng.gaussian();
    normalizeRow(q, 0, dim);
    qs.push(q);
  }
  return { name: 'uniform', n, dim, data, queries: qs };
}

/** Exact top-k by Float32 brute force: the reference for recall, and the naive baseline. */
export function bruteForceTopK(
  data: Float32Array,
  n: number,
  dim: number,
  query: Float32Array,
  k: number,
): number[] {
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const o = i * dim;
    let d = 0;
    for (; d + 4 <= dim; d += 4) {
      s0 += query[d]! * data[o + d]!;
      s1 += query[d + 1]! * data[o + d + 1]!;
      s2 += query[d + 2]! * data[o + d + 2]!;
      s3 += query[d + 3]! * data[o + d + 3]!;
    }
    for (; d < dim; d++) s0 += query[d]! * data[o + d]!;
    scores[i] = s0 + s1 + s2 + s3;
  }
  // Partial selection: keep the k best in a small sorted list.
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    const score = scores[i]!;
    if (best.length === k && score <= scores[best[k - 1]!]!) continue;
    let j = best.length < k ? best.length : k - 1;
    while (j > 0 && scores[best[j - 1]!]! < score) {
      best[j] = best[j - 1]!;
      j--;
    }
    best[j] = i;
  }
  return best;
}
