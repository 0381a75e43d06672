import { describe, expect, it } from 'vitest';
import type { MemoryRecord } from '../records';
import { DEFAULT_WEIGHTS, moodCongruence, recencyScore, scoreMemory, timeScore } from './scoring';

const DAY = 86_400_000;
const base: MemoryRecord = {
  id: 'm',
  text: 'I adopted a puppy',
  textKey: 'k',
  kind: 'episode',
  provenance: { type: 'messages', messageIds: ['x'] },
  createdAt: 100 * DAY,
  updatedAt: 100 * DAY,
  validFrom: 100 * DAY,
  importance: 0.5,
  emotion: { valence: 0, arousal: 0 },
  pinned: false,
  accessCount: 0,
};

describe('scoring components', () => {
  it('recency halves every half-life and counts from the last access', () => {
    expect(recencyScore(base, 100 * DAY, 30)).toBe(1);
    expect(recencyScore(base, 130 * DAY, 30)).toBeCloseTo(0.5);
    expect(recencyScore({ ...base, lastAccessedAt: 130 * DAY }, 130 * DAY, 30)).toBe(1);
  });

  it('mood congruence is neutral without a mood or for a neutral memory', () => {
    expect(moodCongruence({ valence: 0.9, arousal: 0.5 }, undefined)).toBe(0.5);
    expect(moodCongruence({ valence: 0, arousal: 0 }, { valence: -1, arousal: 1 })).toBe(0.5);
    const sad = { valence: -0.8, arousal: -0.2 };
    const happy = { valence: 0.8, arousal: 0.4 };
    expect(moodCongruence(sad, { valence: -0.7, arousal: -0.1 })).toBeGreaterThan(0.65);
    expect(moodCongruence(happy, { valence: -0.7, arousal: -0.1 })).toBeLessThan(0.35);
  });

  it('time: inside the asked period scores 1 and decays outside', () => {
    const range = { start: 90 * DAY, end: 120 * DAY };
    expect(timeScore(base, { asksWhen: false, range })).toBe(1);
    const far = { ...base, createdAt: 300 * DAY, validFrom: 300 * DAY };
    const near = { ...base, createdAt: 125 * DAY, validFrom: 125 * DAY };
    expect(timeScore(near, { asksWhen: false, range })).toBeGreaterThan(
      timeScore(far, { asksWhen: false, range }),
    );
    // An event dated inside the period, told about later, still counts.
    expect(timeScore({ ...far, validFrom: 100 * DAY }, { asksWhen: false, range })).toBe(1);
  });

  it('time: a "when" question favours memories anchored in time', () => {
    expect(timeScore({ ...base, text: 'I adopted a puppy last week' }, { asksWhen: true })).toBe(1);
    expect(timeScore({ ...base, validFrom: 95 * DAY }, { asksWhen: true })).toBe(1);
    expect(timeScore(base, { asksWhen: true })).toBe(0);
    expect(timeScore(base, { asksWhen: false })).toBe(0);
  });

  it('combines components with weights; relevance dominates, pinned lifts', () => {
    const ctx = { now: 100 * DAY, time: { asksWhen: false } };
    const low = scoreMemory(base, 0.2, ctx, DEFAULT_WEIGHTS);
    const high = scoreMemory(base, 0.9, ctx, DEFAULT_WEIGHTS);
    expect(high.score).toBeGreaterThan(low.score);
    const pinned = scoreMemory({ ...base, pinned: true, pinnedAt: 1 }, 0.2, ctx, DEFAULT_WEIGHTS);
    expect(pinned.score - low.score).toBeCloseTo(DEFAULT_WEIGHTS.pinned);
    expect(pinned.components).toMatchObject({
      relevance: 0.2,
      pinned: 1,
      importance: 0.5,
      recency: 1,
      mood: 0.5,
    });
  });
});
