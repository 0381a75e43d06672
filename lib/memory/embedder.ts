/**
 * One interface for every text embedder (transformers.js models in a worker, the
 * Universal Sentence Encoder used by `npm run eval`, tiny test models). Retrieval works
 * without any embedder (lexical only); dense vectors join when one is ready.
 */
export interface Embedder {
  /** Stable id recorded with every vector it makes, e.g. 'Xenova/all-MiniLM-L6-v2@q8'. */
  readonly id: string;
  /** Length of every vector. */
  readonly dim: number;
  /** Embeds texts in one batch; vectors are L2-normalised. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}
