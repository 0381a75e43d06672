import type { DenseIndex } from '../../lib/memory/retrieval/types';

/**
 * Exact Float32 nearest neighbours by dot product (vectors are L2-normalised). Eval only:
 * stands in for the int8 vector index of lib/memory/vector/ behind the same interface.
 */
export class ExactDenseIndex implements DenseIndex {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(readonly dim: number) {}

  add(id: string, vector: Float32Array): void {
    if (vector.length !== this.dim)
      throw new RangeError(`Expected a ${this.dim}-d vector, got ${vector.length}.`);
    this.vectors.set(id, vector);
  }

  remove(id: string): void {
    this.vectors.delete(id);
  }

  search(query: Float32Array, k: number): { id: string; score: number }[] {
    const hits: { id: string; score: number }[] = [];
    for (const [id, v] of this.vectors) {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += (v[i] as number) * (query[i] as number);
      hits.push({ id, score: dot });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
