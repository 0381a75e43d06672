import { describe, expect, it } from 'vitest';
import type { Appraisal, MoodLogEntry } from './types';
import {
  RELATIONSHIP_RULES,
  applyToRelationship,
  initialRelationship,
  relationshipView,
  replayRelationship,
  resetRelationship,
  stageOf,
  type RelationshipState,
} from './relationship';

const T0 = Date.UTC(2026, 11, 2);
const warm: Appraisal = {
  pad: { p: 0.8, a: 0.3, d: 0.2 },
  emotions: [{ label: 'gratitude', p: 0.9 }],
  intensity: 0.9,
};
const plain: Appraisal = {
  pad: { p: 0, a: 0, d: 0 },
  emotions: [{ label: 'neutral', p: 0.95 }],
  intensity: 0.05,
};
const hostile: Appraisal = {
  pad: { p: -0.8, a: 0.7, d: 0.6 },
  emotions: [{ label: 'anger', p: 0.9 }],
  intensity: 0.9,
};

const run = (state: RelationshipState, appraisal: Appraisal, n: number, guard?: 'care' | 'break') => {
  for (let i = 0; i < n; i++) state = applyToRelationship(state, appraisal, { now: T0 + i, guard }).state;
  return state;
};

describe('relationship rules', () => {
  it('familiarity grows only with use, less with each message', () => {
    const start = initialRelationship('p', T0);
    const one = run(start, plain, 1);
    const eleven = run(start, plain, 11);
    const ten = run(start, plain, 10);
    expect(one.familiarity).toBeGreaterThan(0);
    expect(eleven.familiarity - ten.familiarity).toBeLessThan(one.familiarity - start.familiarity);
    expect(run(start, plain, 1000).familiarity).toBeLessThanOrEqual(1);
  });

  it('trust rises slowly and falls faster', () => {
    const start = { ...initialRelationship('p', T0), trust: 0.5 };
    const up = run(start, warm, 1).trust - 0.5;
    const down = 0.5 - run(start, hostile, 1).trust;
    expect(up).toBeGreaterThan(0);
    expect(down).toBeGreaterThan(3 * up);
  });

  it('affection is bounded, however warm the user is', () => {
    const after = run(initialRelationship('p', T0), warm, 5000);
    expect(after.affection).toBeLessThanOrEqual(RELATIONSHIP_RULES.affectionCap);
    expect(after.affection).toBeGreaterThan(0.8);
  });

  it('stages go new → acquainted → friendly → close with use and warmth', () => {
    let state = initialRelationship('p', T0);
    const seen = [stageOf(state)];
    for (let i = 0; i < 400; i++) {
      state = applyToRelationship(state, warm, { now: T0 + i }).state;
      if (seen.at(-1) !== stageOf(state)) seen.push(stageOf(state));
    }
    expect(seen).toEqual(['new', 'acquainted', 'friendly', 'close']);
    expect(relationshipView(state).stage).toBe('close');
  });

  it('absence lowers nothing: there is no rule of time at all', () => {
    const state = run(initialRelationship('p', T0), warm, 50);
    // Only a message moves it; a message a year later still only adds.
    const yearLater = applyToRelationship(state, plain, { now: T0 + 365 * 86_400_000 }).state;
    expect(yearLater.familiarity).toBeGreaterThan(state.familiarity);
    expect(yearLater.trust).toBeGreaterThanOrEqual(state.trust);
    expect(yearLater.affection).toBeGreaterThanOrEqual(state.affection);
  });

  it('a message flagged for care or a break is never held against the user', () => {
    const start = { ...initialRelationship('p', T0), trust: 0.6, affection: 0.5 };
    for (const guard of ['care', 'break'] as const) {
      const after = run(start, hostile, 5, guard);
      expect(after.trust).toBeGreaterThanOrEqual(start.trust);
      expect(after.affection).toBeGreaterThanOrEqual(start.affection);
    }
  });

  it('logs each change with its cause and rule, and replaying the log rebuilds it exactly', () => {
    let state = initialRelationship('p', T0);
    const log: MoodLogEntry[] = [];
    const steps: [Appraisal, ('care' | 'break')?][] = [[warm], [hostile], [plain], [hostile, 'care'], [warm]];
    steps.forEach(([appraisal, guard], i) => {
      const moved = applyToRelationship(state, appraisal, { now: T0 + i * 1000, messageId: `m${i}`, guard });
      state = moved.state;
      log.push({ ...moved.entry!, id: String(i) });
    });
    expect(log[1]).toMatchObject({ kind: 'relationship', cause: 'user-message', messageId: 'm1' });
    expect(log[1]!.rule).toMatch(/trust falls faster/);
    expect(log[1]!.delta.trust).toBeLessThan(0);
    const reset = resetRelationship(state, T0 + 9000);
    log.push({ ...reset.entry, id: 'r' });
    const again = applyToRelationship(reset.state, warm, { now: T0 + 10_000 });
    log.push({ ...again.entry!, id: 'x' });
    expect(replayRelationship('p', log)).toEqual(again.state);
  });
});
