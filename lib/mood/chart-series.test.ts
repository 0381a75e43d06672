import { describe, expect, it } from 'vitest';
import { moodSeries, relationshipSeries, toUplotData } from './chart-series';
import type { MoodLogEntry, MoodView, RelationshipView } from './types';

const entry = (at: number, kind: MoodLogEntry['kind'], after: Record<string, number>): MoodLogEntry => ({
  id: `${kind}-${at}`,
  personaId: 'ember',
  at,
  kind,
  cause: 'user-message',
  rule: 'bounded step 0.3',
  after,
  delta: {},
});

const log: MoodLogEntry[] = [
  entry(3000, 'mood', { p: -0.4, a: 0.2, d: -0.1 }),
  entry(1000, 'mood', { p: 0.1, a: 0, d: 0 }),
  entry(2000, 'relationship', { familiarity: 0.1, trust: 0.2, affection: 0.05 }),
  entry(2500, 'pause', {}),
  entry(4000, 'reset', { p: 0, a: -0.1, d: 0 }),
  entry(5000, 'reset', { familiarity: 0, trust: 0, affection: 0 }),
];

const mood: MoodView = {
  personaId: 'ember',
  pad: { p: -0.02, a: -0.09, d: 0 },
  feeling: 'calm',
  baseline: { p: 0, a: -0.1, d: 0 },
  updatedAt: 4500,
  paused: false,
};

describe('moodSeries', () => {
  it('draws p, a and d from the after values of mood changes and mood resets, in time order', () => {
    const s = moodSeries(log);
    expect(s.at).toEqual([1000, 3000, 4000]);
    expect(s.lines.map((l) => l.key)).toEqual(['p', 'a', 'd']);
    expect(s.lines[0]!.values).toEqual([0.1, -0.4, 0]);
    expect(s.lines[1]!.values).toEqual([0, 0.2, -0.1]);
    expect(s.lines[2]!.values).toEqual([0, -0.1, 0]);
  });

  it('ends at the current (decayed) mood when it is newer than the last change', () => {
    const s = moodSeries(log, mood, 9000);
    expect(s.at).toEqual([1000, 3000, 4000, 9000]);
    expect(s.lines[0]!.values.at(-1)).toBe(-0.02);
  });

  it('adds no current point older than the last change', () => {
    expect(moodSeries(log, mood, 3500).at).toEqual([1000, 3000, 4000]);
  });

  it('is empty without mood entries, and is only the current point with it', () => {
    expect(moodSeries([]).at).toEqual([]);
    expect(moodSeries([], mood).at).toEqual([4500]);
  });
});

describe('relationshipSeries', () => {
  it('draws familiarity, trust and affection from relationship changes only', () => {
    const rel: RelationshipView = {
      personaId: 'ember',
      familiarity: 0.02,
      trust: 0.01,
      affection: 0,
      stage: 'new',
      paused: false,
    };
    const s = relationshipSeries(log, rel, 6000);
    expect(s.at).toEqual([2000, 5000, 6000]);
    expect(s.lines.map((l) => [l.key, l.values])).toEqual([
      ['familiarity', [0.1, 0, 0.02]],
      ['trust', [0.2, 0, 0.01]],
      ['affection', [0.05, 0, 0]],
    ]);
  });
});

describe('toUplotData', () => {
  it('puts time in seconds first, then one array per line', () => {
    expect(toUplotData(moodSeries(log))).toEqual([
      [1, 3, 4],
      [0.1, -0.4, 0],
      [0, 0.2, -0.1],
      [0, -0.1, 0],
    ]);
  });
});
