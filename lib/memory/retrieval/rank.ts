import { sourceMessageIds } from '../records';
import { selectDiverse, type DiversityOptions } from './diversity';
import { scoreMemory, type ScoringWeights } from './scoring';
import type { TimeQuery } from './time-parse';
import type { Candidate, Mood, RetrievedMemory } from './types';

/** What final ranking needs to know about the question. */
export interface RankContext {
  now: number;
  mood?: Mood;
  time: TimeQuery;
  k: number;
}

/** Final-ranking settings; `diversity: null` ranks by score alone. */
export interface RankConfig {
  weights: ScoringWeights;
  diversity: DiversityOptions | null;
}

/**
 * Scores candidates (relevance, recency, importance, mood, time, pinned), then picks the
 * top k with diversity. Every result carries its provenance. Pure.
 */
export function rankCandidates(
  candidates: readonly Candidate[],
  context: RankContext,
  config: RankConfig,
): RetrievedMemory[] {
  const scored = candidates
    .map((c) => ({ candidate: c, ...scoreMemory(c.record, c.relevance, context, config.weights) }))
    .sort((a, b) => b.score - a.score);
  const toResult = (s: (typeof scored)[number]): RetrievedMemory => ({
    record: s.candidate.record,
    score: s.score,
    components: s.components,
    provenance: s.candidate.record.provenance,
  });
  if (!config.diversity) return scored.slice(0, context.k).map(toResult);
  // Diversity reorders the head of the ranking; a pool of 3k keeps it cheap.
  const pool = scored.slice(0, Math.max(3 * context.k, 30));
  const picked = selectDiverse(
    pool.map((s) => {
      const record = s.candidate.record;
      const sources = record.provenance.type === 'page' ? [record.provenance.url] : sourceMessageIds(record);
      return { score: s.score, terms: s.candidate.terms ?? new Set<string>(), sources };
    }),
    context.k,
    config.diversity,
  );
  return picked.map((i) => toResult(pool[i] as (typeof pool)[number]));
}
