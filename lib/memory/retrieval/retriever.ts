import type { Embedder } from '../embedder';
import type { MemoryLexicalIndex } from '../lexical/memory-index';
import { isCurrent, type MemoryRecord } from '../records';
import type { DiversityOptions } from './diversity';
import { fuse, type FusionMethod, type RankedList } from './fusion';
import type { ExpansionOptions } from './query';
import { lexicalHits, type LexicalQuery } from './lexical-hits';
import type { LexicalHit } from '../lexical/bm25';
import { tokenize } from '../text/tokenize';
import { rankCandidates } from './rank';
import { DEFAULT_WEIGHTS, type ScoringWeights } from './scoring';
import { parseTimeQuery } from './time-parse';
import type { Candidate, DenseSearcher, RetrievalQuery, RetrievedMemory } from './types';

/** Every retrieval setting in one place. */
export interface RetrievalConfig {
  /** How many hits each retriever contributes before fusion. */
  candidates: number;
  fusion: FusionMethod;
  rrfK: number;
  lexicalWeight: number;
  denseWeight: number;
  /** Pseudo-relevance feedback on the lexical side; null turns it off. */
  expansion: ExpansionOptions | null;
  weights: ScoringWeights;
  diversity: DiversityOptions | null;
}

/**
 * Defaults chosen with `npm run eval -- memory` on locomo-dev: normalised score fusion beat
 * reciprocal rank fusion there (R@10 79.9 against 68.8 at equal weights with USE-lite,
 * whose dense list alone is weaker than BM25), and feedback expansion added about a point.
 */
export const DEFAULT_RETRIEVAL_CONFIG: RetrievalConfig = {
  candidates: 100,
  fusion: 'score',
  rrfK: 60,
  lexicalWeight: 1,
  denseWeight: 0.5,
  expansion: { docs: 5, terms: 10, weight: 0.3 },
  weights: DEFAULT_WEIGHTS,
  diversity: { lambda: 0.9, nearDuplicate: 0.8 },
};

/** Dense retrieval: an embedder for the query and a vector index to search. */
export interface DenseRetrieval {
  embedder: Embedder;
  searcher: DenseSearcher;
}

/** What the retriever reads from. */
export interface RetrieverDeps {
  /** The lexical index, in this context. */
  lexical?: MemoryLexicalIndex;
  /** Or lexical search elsewhere (the panel's memory worker), used when `lexical` is absent. */
  searchLexical?: (query: LexicalQuery) => Promise<LexicalHit[]>;
  /** Reads memories by id (from the store, or a cache of it). */
  getRecords(ids: readonly string[]): Promise<(MemoryRecord | undefined)[]>;
  dense?: DenseRetrieval;
  config?: Partial<RetrievalConfig>;
}

/** Hybrid retrieval: lexical always, dense when an embedder is ready. */
export interface Retriever {
  retrieve(query: RetrievalQuery): Promise<RetrievedMemory[]>;
  /** Dense search joins (or leaves) when an embedder becomes ready (or is unloaded). */
  setDense(dense: DenseRetrieval | undefined): void;
}

/** Creates the hybrid retriever. */
export function createRetriever(deps: RetrieverDeps): Retriever {
  if (!deps.lexical && !deps.searchLexical)
    throw new TypeError('The retriever needs a lexical index or search.');
  const config: RetrievalConfig = { ...DEFAULT_RETRIEVAL_CONFIG, ...deps.config };
  let dense = deps.dense;

  async function retrieve(query: RetrievalQuery): Promise<RetrievedMemory[]> {
    const time = parseTimeQuery(query.text, new Date(query.now));
    const lexicalQuery = {
      text: query.text,
      now: query.now,
      candidates: config.candidates,
      expansion: config.expansion,
    };
    const lexicalHitList = deps.lexical
      ? lexicalHits(deps.lexical, lexicalQuery)
      : await deps.searchLexical!(lexicalQuery);
    const lists: RankedList[] = [{ hits: lexicalHitList, weight: config.lexicalWeight, floor: 0 }];
    if (dense) {
      const [vector] = await dense.embedder.embed([query.text]);
      if (vector)
        lists.push({ hits: dense.searcher.search(vector, config.candidates), weight: config.denseWeight });
    }
    const relevance = fuse(lists, config.fusion, config.rrfK);
    const ids = [...relevance.keys()];
    const records = await deps.getRecords(ids);
    const candidates: Candidate[] = [];
    records.forEach((record, i) => {
      if (!record || !isCurrent(record, query.now) || query.exclude?.(record)) return;
      candidates.push({
        record,
        relevance: relevance.get(ids[i] as string) ?? 0,
        // The memory's own words only: neighbouring turns share their context field.
        terms: new Set((deps.lexical?.tokenize ?? tokenize)(record.text)),
      });
    });
    return rankCandidates(candidates, { now: query.now, mood: query.mood, time, k: query.k }, config);
  }

  return {
    retrieve,
    setDense(next) {
      dense = next;
    },
  };
}
