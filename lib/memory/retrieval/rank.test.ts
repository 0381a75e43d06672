import { describe, expect, it } from 'vitest';
import type { MemoryRecord } from '../records';
import { rankCandidates } from './rank';
import { DEFAULT_WEIGHTS } from './scoring';

const DAY = 86_400_000;
const record = (id: string, text: string, extra: Partial<MemoryRecord> = {}): MemoryRecord => ({
  id,
  text,
  textKey: id,
  kind: 'episode',
  provenance: { type: 'messages', messageIds: [id] },
  createdAt: 10 * DAY,
  updatedAt: 10 * DAY,
  validFrom: 10 * DAY,
  importance: 0.5,
  emotion: { valence: 0, arousal: 0 },
  pinned: false,
  accessCount: 0,
  ...extra,
});
const candidate = (r: MemoryRecord, relevance: number) => ({
  record: r,
  relevance,
  terms: new Set(r.text.split(' ')),
});
const context = { now: 20 * DAY, time: { asksWhen: false }, k: 3 };

describe('rankCandidates', () => {
  it('orders by combined score and carries provenance', () => {
    const results = rankCandidates(
      [candidate(record('a', 'tea in kyoto'), 0.4), candidate(record('b', 'hiking trip'), 0.9)],
      context,
      { weights: DEFAULT_WEIGHTS, diversity: null },
    );
    expect(results.map((r) => r.record.id)).toEqual(['b', 'a']);
    expect(results[0]?.provenance).toEqual({ type: 'messages', messageIds: ['b'] });
    expect(results[0]?.score).toBeGreaterThan(results[1]!.score);
  });

  it('a "when" question prefers the memory that says when', () => {
    const results = rankCandidates(
      [
        candidate(record('a', 'we adopted a dog'), 0.8),
        candidate(record('b', 'we adopted a dog last week'), 0.75),
      ],
      { ...context, time: { asksWhen: true } },
      { weights: DEFAULT_WEIGHTS, diversity: null },
    );
    expect(results[0]?.record.id).toBe('b');
  });

  it('mood brings congruent memories forward', () => {
    const sad = record('sad', 'the funeral', { emotion: { valence: -0.9, arousal: -0.2 } });
    const happy = record('happy', 'the wedding', { emotion: { valence: 0.9, arousal: 0.5 } });
    const rank = (mood: { valence: number; arousal: number }) =>
      rankCandidates(
        [candidate(sad, 0.5), candidate(happy, 0.5)],
        { ...context, mood },
        {
          weights: DEFAULT_WEIGHTS,
          diversity: null,
        },
      ).map((r) => r.record.id);
    expect(rank({ valence: -0.8, arousal: 0 })).toEqual(['sad', 'happy']);
    expect(rank({ valence: 0.8, arousal: 0.3 })).toEqual(['happy', 'sad']);
  });

  it('with diversity, near-duplicates give way', () => {
    const dupes = [0.9, 0.89, 0.88].map((s, i) => candidate(record(`d${i}`, 'loves green tea a lot'), s));
    const other = candidate(record('o', 'works night shifts'), 0.5);
    const results = rankCandidates([...dupes, other], context, {
      weights: DEFAULT_WEIGHTS,
      diversity: { lambda: 0.9, nearDuplicate: 0.8 },
    });
    expect(results.map((r) => r.record.id)).toEqual(['d0', 'o', 'd1']);
  });

  it('uses the current mood for real: a sad mood brings the sad memory first, a happy one the happy memory', () => {
    const sad = record('s', 'the walk on the beach', { emotion: { valence: -0.8, arousal: -0.3 } });
    const happy = record('h', 'the walk in the park', { emotion: { valence: 0.8, arousal: 0.4 } });
    const rank = (mood?: { valence: number; arousal: number }) =>
      rankCandidates(
        [candidate(happy, 0.5), candidate(sad, 0.5)],
        { ...context, mood },
        {
          weights: DEFAULT_WEIGHTS,
          diversity: null,
        },
      );
    expect(rank({ valence: -0.6, arousal: -0.3 }).map((r) => r.record.id)).toEqual(['s', 'h']);
    expect(rank({ valence: 0.6, arousal: 0.3 }).map((r) => r.record.id)).toEqual(['h', 's']);
    // Without a mood the component is the same constant for both (what it was before the mood existed).
    const neutral = rank();
    expect(neutral[0]!.components.mood).toBe(neutral[1]!.components.mood);
  });
});
