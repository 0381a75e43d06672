import type { MemoryEmotion, MemoryRecord } from '../records';
import { mentionsTime, type TimeQuery } from './time-parse';
import type { Mood, ScoreComponents } from './types';

/** How much each signal weighs in the final score (one weight per score component); relevance dominates. */
export type ScoringWeights = ScoreComponents & {
  /** Recency halves every this many days since the memory was made or last used. */
  recencyHalfLifeDays: number;
};

/** Defaults measured with `npm run eval -- memory` (see the eval's report). */
export const DEFAULT_WEIGHTS: ScoringWeights = {
  relevance: 1,
  recency: 0.05,
  importance: 0.1,
  mood: 0.05,
  time: 0.15,
  pinned: 0.3,
  recencyHalfLifeDays: 30,
};

const DAY = 86_400_000;

/** Exponential decay in [0, 1] from the later of creation and last access. */
export function recencyScore(
  record: Pick<MemoryRecord, 'createdAt' | 'lastAccessedAt'>,
  now: number,
  halfLifeDays: number,
): number {
  const last = Math.max(record.createdAt, record.lastAccessedAt ?? 0);
  const ageDays = Math.max(0, now - last) / DAY;
  return Math.pow(0.5, ageDays / Math.max(halfLifeDays, 1e-6));
}

/**
 * Mood-congruent recall: in [0, 1], 0.5 when there is no mood or either is neutral.
 * The product of memory and mood on each axis (valence counts most) means a sad mood
 * brings back sad memories more, and more so the stronger both are.
 */
export function moodCongruence(emotion: MemoryEmotion, mood: Mood | undefined): number {
  if (!mood) return 0.5;
  const agreement = 0.7 * emotion.valence * mood.valence + 0.3 * emotion.arousal * mood.arousal;
  return 0.5 + 0.5 * Math.max(-1, Math.min(1, agreement));
}

/** Whether a memory says when something happened (a resolved date or a time word). */
export function isTimeAnchored(record: Pick<MemoryRecord, 'text' | 'validFrom' | 'createdAt'>): boolean {
  return record.validFrom !== record.createdAt || mentionsTime(record.text);
}

/**
 * Fit with what the question says about time, in [0, 1]: inside the named period scores 1
 * and decays outside it; a "when…" question favours memories anchored in time.
 */
export function timeScore(
  record: Pick<MemoryRecord, 'text' | 'validFrom' | 'createdAt'>,
  time: TimeQuery,
): number {
  if (time.range) {
    const { start, end } = time.range;
    const width = Math.max(end - start, 7 * DAY);
    const distance = (t: number) => (t < start ? start - t : t >= end ? t - end + 1 : 0);
    const event = Math.exp(-distance(record.validFrom) / width);
    const said = 0.8 * Math.exp(-distance(record.createdAt) / width);
    return Math.max(event, said);
  }
  if (time.asksWhen) return isTimeAnchored(record) ? 1 : 0;
  return 0;
}

/** The final score of a candidate and its parts. */
export function scoreMemory(
  record: MemoryRecord,
  relevance: number,
  context: { now: number; mood?: Mood; time: TimeQuery },
  weights: ScoringWeights,
): { score: number; components: ScoreComponents } {
  const components: ScoreComponents = {
    relevance,
    recency: recencyScore(record, context.now, weights.recencyHalfLifeDays),
    importance: record.importance,
    mood: moodCongruence(record.emotion, context.mood),
    time: timeScore(record, context.time),
    pinned: record.pinned ? 1 : 0,
  };
  const score =
    weights.relevance * components.relevance +
    weights.recency * components.recency +
    weights.importance * components.importance +
    weights.mood * components.mood +
    weights.time * components.time +
    weights.pinned * components.pinned;
  return { score, components };
}
