import type { MemoryEmotion, MemoryProvenance, MemoryRecord } from '../records';

/** Nearest neighbours by vector: the only thing retrieval needs from a vector index. */
export interface DenseSearcher {
  /** The k nearest memories to an L2-normalised query, best first; score is cosine similarity. */
  search(query: Float32Array, k: number): { id: string; score: number }[];
}

/** A vector index that ingestion can write to (results of add/remove are awaited, not read). */
export interface DenseIndex extends DenseSearcher {
  add(id: string, vector: Float32Array): unknown;
  remove(id: string): unknown;
}

/** The current mood, on the memory emotion axes. */
export type Mood = MemoryEmotion;

/** One question to memory. */
export interface RetrievalQuery {
  text: string;
  /** The moment of asking (epoch ms): recency and "last month" count from it. */
  now: number;
  mood?: Mood;
  /** How many memories to return. */
  k: number;
  /** Leave out memories (e.g. the turns already in the prompt). */
  exclude?: (record: MemoryRecord) => boolean;
}

/** How much each signal counted in a memory's final score (before weights). */
export interface ScoreComponents {
  relevance: number;
  recency: number;
  importance: number;
  mood: number;
  time: number;
  pinned: number;
}

/** One retrieved memory, with where it came from and why it ranked where it did. */
export interface RetrievedMemory {
  record: MemoryRecord;
  score: number;
  components: ScoreComponents;
  provenance: MemoryProvenance;
}

/** A memory found by lexical and/or dense search, before final scoring. */
export interface Candidate {
  record: MemoryRecord;
  /** Fused relevance in [0, 1]. */
  relevance: number;
  /** The memory's index terms (for near-duplicate detection). */
  terms?: ReadonlySet<string>;
}
