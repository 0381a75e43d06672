import { describe, expect, it } from 'vitest';
import { decayPad } from './decay';
import { DEFAULT_TEMPERAMENT } from './temperament';
import { initialMood, moodAt, applyAppraisal } from './mood-state';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('closed-form decay', () => {
  it('8 hours in one step equals 480 one-minute steps (a fake clock, no ticking)', () => {
    const baseline = DEFAULT_TEMPERAMENT.baseline;
    const start = { p: -0.8, a: 0.6, d: -0.5 };
    const once = decayPad(start, baseline, 8 * HOUR, 4);
    let stepped = start;
    for (let i = 0; i < 480; i++) stepped = decayPad(stepped, baseline, MINUTE, 4);
    for (const axis of ['p', 'a', 'd'] as const) expect(stepped[axis]).toBeCloseTo(once[axis], 12);
    // Two half-lives: a quarter of the distance is left.
    expect(once.p - baseline.p).toBeCloseTo((start.p - baseline.p) / 4, 12);
  });

  it('a stored state read after a stopped worker’s 8 hours equals the minute-by-minute state', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const moved = applyAppraisal(
      initialMood('p', DEFAULT_TEMPERAMENT, t0),
      { pad: { p: -1, a: -0.5, d: -0.6 }, emotions: [{ label: 'sadness', p: 0.9 }], intensity: 1 },
      { source: 'user-message', now: t0 },
    ).state;
    const reopened = moodAt(moved, t0 + 8 * HOUR).pad;
    let pad = moved.pad;
    for (let minute = 1; minute <= 480; minute++)
      pad = decayPad(pad, moved.baseline, MINUTE, moved.halfLifeHours);
    expect(reopened.p).toBeCloseTo(pad.p, 12);
    expect(reopened.a).toBeCloseTo(pad.a, 12);
    expect(reopened.d).toBeCloseTo(pad.d, 12);
  });

  it('the half-life is configurable, and a clock set back decays nothing', () => {
    const baseline = { p: 0, a: 0, d: 0 };
    expect(decayPad({ p: 1, a: 0, d: 0 }, baseline, 2 * HOUR, 2).p).toBeCloseTo(0.5, 12);
    expect(decayPad({ p: 1, a: 0, d: 0 }, baseline, 2 * HOUR, 1).p).toBeCloseTo(0.25, 12);
    expect(decayPad({ p: 1, a: 0, d: 0 }, baseline, -HOUR, 1)).toEqual({ p: 1, a: 0, d: 0 });
  });
});
