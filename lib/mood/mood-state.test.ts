import { describe, expect, it } from 'vitest';
import type { Appraisal, MoodLogEntry } from './types';
import {
  MAX_STEP,
  applyAppraisal,
  initialMood,
  moodAt,
  pauseEntry,
  pauseMood,
  replayMood,
  resetMood,
  type MoodState,
  type NewLogEntry,
} from './mood-state';
import { DEFAULT_TEMPERAMENT } from './temperament';
import { padDistance } from './pad';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 2, 9);
const sad: Appraisal = {
  pad: { p: -0.9, a: -0.4, d: -0.5 },
  emotions: [{ label: 'sadness', p: 0.9 }],
  intensity: 1,
};
const furious: Appraisal = {
  pad: { p: -1, a: 1, d: 1 },
  emotions: [{ label: 'anger', p: 0.95 }],
  intensity: 1,
};
const glad: Appraisal = {
  pad: { p: 0.8, a: 0.5, d: 0.3 },
  emotions: [{ label: 'joy', p: 0.8 }],
  intensity: 0.7,
};
const neutral: Appraisal = {
  pad: { p: 0, a: 0, d: 0 },
  emotions: [{ label: 'neutral', p: 0.9 }],
  intensity: 0,
};

describe('applyAppraisal', () => {
  it('one message moves the state at most 0.3 (Euclidean), whatever it says', () => {
    const start = initialMood('p', DEFAULT_TEMPERAMENT, T0);
    const { state, entry } = applyAppraisal(start, furious, {
      source: 'user-message',
      now: T0,
      messageId: 'm1',
    });
    expect(padDistance(state.pad, start.pad)).toBeCloseTo(MAX_STEP, 12);
    expect(entry).toMatchObject({ kind: 'mood', cause: 'user-message', messageId: 'm1', weight: 1 });
    expect(entry!.rule).toMatch(/bounded to 0\.3 \(Euclidean\)/);
    expect(entry!.appraisal).toEqual(furious);
  });

  it('the companion’s own reply moves it less than the user’s message', () => {
    const start = initialMood('p', DEFAULT_TEMPERAMENT, T0);
    const user = applyAppraisal(start, glad, { source: 'user-message', now: T0 }).state;
    const own = applyAppraisal(start, glad, { source: 'own-reply', now: T0 }).state;
    expect(padDistance(own.pad, start.pad)).toBeLessThan(padDistance(user.pad, start.pad) / 2);
    expect(padDistance(own.pad, start.pad)).toBeGreaterThan(0);
  });

  it('a sad message makes the companion sad over a few messages, never in one', () => {
    let state = initialMood('p', DEFAULT_TEMPERAMENT, T0);
    state = applyAppraisal(state, sad, { source: 'user-message', now: T0 }).state;
    expect(state.feeling).not.toBe('sad');
    for (let i = 1; i < 4; i++)
      state = applyAppraisal(state, sad, { source: 'user-message', now: T0 + i }).state;
    expect(state.feeling).toBe('sad');
  });

  it('a guarded message (care, break) never raises dominance, so it cannot make the companion annoyed', () => {
    let guarded = initialMood('p', DEFAULT_TEMPERAMENT, T0);
    let plain = guarded;
    for (let i = 0; i < 6; i++) {
      guarded = applyAppraisal(guarded, furious, {
        source: 'user-message',
        now: T0 + i,
        guard: 'care',
      }).state;
      plain = applyAppraisal(plain, furious, { source: 'user-message', now: T0 + i }).state;
    }
    expect(plain.feeling).toBe('annoyed');
    expect(guarded.feeling).not.toBe('annoyed');
    expect(guarded.pad.d).toBeLessThanOrEqual(DEFAULT_TEMPERAMENT.baseline.d);
  });

  it('a neutral message or a paused mood changes nothing and logs nothing', () => {
    const start = initialMood('p', DEFAULT_TEMPERAMENT, T0);
    expect(applyAppraisal(start, neutral, { source: 'user-message', now: T0 + HOUR })).toEqual({
      state: start,
      entry: null,
    });
    const paused = pauseMood(start, true, T0);
    expect(applyAppraisal(paused, sad, { source: 'user-message', now: T0 + 1 })).toEqual({
      state: paused,
      entry: null,
    });
  });

  it('paused, time does not act either; resumed, it does from then on', () => {
    const moved = applyAppraisal(initialMood('p', DEFAULT_TEMPERAMENT, T0), sad, {
      source: 'user-message',
      now: T0,
    }).state;
    const paused = pauseMood(moved, true, T0);
    expect(moodAt(paused, T0 + 24 * HOUR).pad).toEqual(moved.pad);
    const resumed = pauseMood(paused, false, T0 + 24 * HOUR);
    const later = moodAt(resumed, T0 + 28 * HOUR).pad;
    expect(later.p - moved.baseline.p).toBeCloseTo((moved.pad.p - moved.baseline.p) / 2, 12);
  });
});

describe('the mood log', () => {
  it('replaying it from the temperament rebuilds the state exactly', () => {
    let state: MoodState = initialMood('p', DEFAULT_TEMPERAMENT, T0);
    const log: MoodLogEntry[] = [];
    const keep = (entry: NewLogEntry | null) => entry && log.push({ ...entry, id: String(log.length) });
    const steps: [Appraisal, 'user-message' | 'own-reply', number, ('care' | 'break')?][] = [
      [sad, 'user-message', 0],
      [glad, 'own-reply', 5 * 60_000],
      [furious, 'user-message', 2 * HOUR],
      [sad, 'user-message', 2 * HOUR + 1, 'care'],
      [glad, 'user-message', 9 * HOUR],
    ];
    for (const [appraisal, source, at, guard] of steps) {
      const moved = applyAppraisal(state, appraisal, { source, now: T0 + at, messageId: `m${at}`, guard });
      state = moved.state;
      keep(moved.entry);
    }
    const reset = resetMood(state, T0 + 10 * HOUR);
    state = reset.state;
    keep(reset.entry);
    state = pauseMood(state, true, T0 + 11 * HOUR);
    keep(pauseEntry('p', true, T0 + 11 * HOUR));
    state = pauseMood(state, false, T0 + 20 * HOUR);
    keep(pauseEntry('p', false, T0 + 20 * HOUR));
    const last = applyAppraisal(state, sad, { source: 'user-message', now: T0 + 21 * HOUR });
    state = last.state;
    keep(last.entry);

    expect(log.length).toBe(9);
    expect(replayMood('p', DEFAULT_TEMPERAMENT, log)).toEqual(state);
    // The log is what rebuilds it: leave one entry out and the state differs.
    expect(replayMood('p', DEFAULT_TEMPERAMENT, log.slice(0, 2).concat(log.slice(3)))).not.toEqual(
      replayMood('p', DEFAULT_TEMPERAMENT, log.slice(0, 3)),
    );
    const withoutLast = replayMood('p', DEFAULT_TEMPERAMENT, log.slice(0, -1));
    expect(withoutLast.pad).not.toEqual(state.pad);
  });

  it('each entry carries cause, message id, appraisal, delta and rule', () => {
    const start = initialMood('p', DEFAULT_TEMPERAMENT, T0);
    const { state, entry } = applyAppraisal(start, sad, {
      source: 'user-message',
      now: T0 + HOUR,
      messageId: 'm7',
    });
    const decayed = moodAt(start, T0 + HOUR).pad;
    expect(entry).toMatchObject({ cause: 'user-message', messageId: 'm7', appraisal: sad, at: T0 + HOUR });
    expect(entry!.after).toEqual({ ...state.pad });
    expect(entry!.delta.p).toBeCloseTo(state.pad.p - decayed.p, 12);
    expect(entry!.rule).toMatch(/toward the appraisal/);
  });
});
