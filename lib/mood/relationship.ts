import type { Appraisal, MoodLogEntry, RelationshipView } from './types';
import type { NewLogEntry } from './mood-state';

/** The relationship as stored per persona; each value in [0, 1]. */
export interface RelationshipState {
  personaId: string;
  familiarity: number;
  trust: number;
  affection: number;
  updatedAt: number;
  paused: boolean;
}

/** The stages, in order, with what it takes to reach each. */
export const STAGES = ['new', 'acquainted', 'friendly', 'close'] as const;
/** One relationship stage. */
export type Stage = (typeof STAGES)[number];

/** The rules' constants, named so the log and the tests can cite them. */
export const RELATIONSHIP_RULES = Object.freeze({
  /** Each message from the user closes this share of the gap to full familiarity (diminishing). */
  familiarityRate: 0.02,
  /** Trust rises by this share of the gap per warm message… */
  trustRise: 0.01,
  /** …and falls by this much per unit of hostility: faster than it rises. */
  trustFall: 0.06,
  affectionRate: 0.02,
  affectionFall: 0.03,
  /** Affection never goes past this. */
  affectionCap: 0.85,
  /** Hostility under this is ordinary friction, not a reason for trust to fall. */
  hostilityFloor: 0.2,
});

/** Where a new relationship starts: a stranger given the benefit of the doubt. */
export function initialRelationship(personaId: string, now: number): RelationshipState {
  return { personaId, familiarity: 0, trust: 0.3, affection: 0.1, updatedAt: now, paused: false };
}

/** The stage its values have reached. */
export function stageOf(r: Pick<RelationshipState, 'familiarity' | 'trust' | 'affection'>): Stage {
  if (r.familiarity >= 0.6 && r.trust >= 0.5 && r.affection >= 0.4) return 'close';
  if (r.familiarity >= 0.3 && r.trust >= 0.35) return 'friendly';
  if (r.familiarity >= 0.1) return 'acquainted';
  return 'new';
}

/** The relationship as the UI shows it. */
export function relationshipView(state: RelationshipState): RelationshipView {
  return {
    personaId: state.personaId,
    familiarity: state.familiarity,
    trust: state.trust,
    affection: state.affection,
    stage: stageOf(state),
    paused: state.paused,
  };
}

const WARM = new Set([
  'admiration',
  'amusement',
  'approval',
  'caring',
  'excitement',
  'gratitude',
  'joy',
  'love',
  'optimism',
  'pride',
  'relief',
]);
const HOSTILE = new Set(['anger', 'annoyance', 'disgust', 'disapproval']);
const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/** How warm and how hostile a message reads, each in [0, 1]. */
export function warmthAndHostility(appraisal: Appraisal): { warmth: number; hostility: number } {
  const intensity = clamp01(appraisal.intensity);
  if (appraisal.emotions.length === 0) {
    const { p, d } = appraisal.pad;
    return {
      warmth: clamp01(Math.max(0, p) * intensity),
      hostility: clamp01(Math.max(0, -p) * Math.max(0, d) * 2 * intensity),
    };
  }
  const mass = (labels: Set<string>) =>
    appraisal.emotions.filter((e) => labels.has(e.label)).reduce((sum, e) => sum + e.p, 0);
  return { warmth: clamp01(mass(WARM) * intensity), hostility: clamp01(mass(HOSTILE) * intensity) };
}

/**
 * The user's message changes the relationship: familiarity grows with every message (less
 * as it nears 1), trust rises slowly with warmth and falls faster with hostility, affection
 * grows with warmth up to a cap. Only the user's own messages count, never time: absence
 * lowers nothing. A guarded message (a care signal, a request for a break) is never counted
 * as hostility, so the relationship cannot punish the user for it.
 */
export function applyToRelationship(
  state: RelationshipState,
  appraisal: Appraisal,
  options: { now: number; messageId?: string; guard?: 'care' | 'break' },
): { state: RelationshipState; entry: NewLogEntry | null } {
  if (state.paused) return { state, entry: null };
  const R = RELATIONSHIP_RULES;
  const { warmth } = warmthAndHostility(appraisal);
  const hostility = options.guard ? 0 : warmthAndHostility(appraisal).hostility;
  const hostile = hostility >= R.hostilityFloor;
  const familiarity = state.familiarity + R.familiarityRate * (1 - state.familiarity);
  const trust = hostile
    ? Math.max(0, state.trust - R.trustFall * hostility)
    : state.trust + R.trustRise * warmth * (1 - state.trust);
  const affection = Math.min(
    R.affectionCap,
    Math.max(
      0,
      hostile
        ? state.affection - R.affectionFall * hostility
        : state.affection + R.affectionRate * warmth * (R.affectionCap - state.affection),
    ),
  );
  const next: RelationshipState = { ...state, familiarity, trust, affection, updatedAt: options.now };
  const rules = [`familiarity grows with use (${R.familiarityRate} of the gap)`];
  if (hostile) rules.push(`trust falls faster (−${R.trustFall} × hostility ${hostility.toFixed(2)})`);
  else if (warmth > 0) rules.push(`trust rises slowly (${R.trustRise} × warmth ${warmth.toFixed(2)})`);
  if (!hostile && warmth > 0) rules.push(`affection bounded by ${R.affectionCap}`);
  if (options.guard) rules.push(`${options.guard}: never counted against the user`);
  return {
    state: next,
    entry: {
      personaId: state.personaId,
      at: options.now,
      kind: 'relationship',
      cause: 'user-message',
      ...(options.messageId ? { messageId: options.messageId } : {}),
      rule: rules.join('; '),
      after: { familiarity, trust, affection },
      delta: {
        familiarity: familiarity - state.familiarity,
        trust: trust - state.trust,
        affection: affection - state.affection,
      },
      appraisal,
      ...(options.guard ? { guard: options.guard } : {}),
    },
  };
}

/** Back to a new relationship. */
export function resetRelationship(
  state: RelationshipState,
  now: number,
): { state: RelationshipState; entry: NewLogEntry } {
  const fresh = { ...initialRelationship(state.personaId, now), paused: state.paused };
  return {
    state: fresh,
    entry: {
      personaId: state.personaId,
      at: now,
      kind: 'reset',
      cause: 'reset-relationship',
      rule: 'the user reset the relationship',
      after: { familiarity: fresh.familiarity, trust: fresh.trust, affection: fresh.affection },
      delta: {
        familiarity: fresh.familiarity - state.familiarity,
        trust: fresh.trust - state.trust,
        affection: fresh.affection - state.affection,
      },
    },
  };
}

/** Rebuilds the relationship from a new one by running the log again, oldest first. */
export function replayRelationship(
  personaId: string,
  entries: readonly MoodLogEntry[],
  start = 0,
): RelationshipState {
  let state = initialRelationship(personaId, start);
  for (const entry of entries) {
    if (entry.kind === 'relationship' && entry.appraisal) {
      state = applyToRelationship(state, entry.appraisal, {
        now: entry.at,
        messageId: entry.messageId,
        guard: entry.guard,
      }).state;
    } else if (entry.kind === 'reset' && entry.cause === 'reset-relationship') {
      state = resetRelationship(state, entry.at).state;
    } else if (entry.kind === 'pause') {
      state = { ...state, paused: entry.after.paused === 1, updatedAt: entry.at };
    } else if (entry.kind === 'checkpoint' && entry.checkpoint) {
      // A pruned log starts from the state its folded entries led to (mood-store.ts).
      state = { ...entry.checkpoint.relationship };
    }
  }
  return state;
}
