import type { Appraisal, Feeling, MoodLogEntry, MoodView, Pad } from './types';
import { addPad, boundStep, clampPad, padLength, scalePad, subPad } from './pad';
import { decayPad } from './decay';
import { readFeeling } from './feelings';
import type { Temperament } from './temperament';

/** The mood as stored per persona: the state at `updatedAt`, decayed in closed form when read. */
export interface MoodState {
  personaId: string;
  /** The state at `updatedAt`. */
  pad: Pad;
  /** The named feeling at `updatedAt` (the hysteresis remembers it). */
  feeling: Feeling;
  baseline: Pad;
  halfLifeHours: number;
  updatedAt: number;
  /** Paused: nothing moves it, not even time, until resumed. */
  paused: boolean;
}

/** What moved the mood. */
export type MoodSource = 'user-message' | 'own-reply' | 'page';

/** How much each source counts when none is given: the user's words fully, the companion's own lightly. */
export const SOURCE_WEIGHTS: Readonly<Record<MoodSource, number>> = Object.freeze({
  'user-message': 1,
  'own-reply': 0.25,
  page: 0.5,
});

/** The furthest one message can move the mood (Euclidean length in PAD space). */
export const MAX_STEP = 0.3;

/** How far toward an appraisal of full intensity and weight a message pulls (before the bound). */
export const RESPONSIVENESS = 0.5;

/** How an appraisal is applied. */
export interface ApplyOptions {
  source: MoodSource;
  /** Defaults to the source's weight. */
  weight?: number;
  messageId?: string;
  now: number;
  guard?: 'care' | 'break';
}

/** A log entry before the store gives it its id. */
export type NewLogEntry = Omit<MoodLogEntry, 'id'>;

/** The mood of a persona that has never been moved: its temperament, at `now`. */
export function initialMood(personaId: string, temperament: Temperament, now: number): MoodState {
  const pad = { ...temperament.baseline };
  return {
    personaId,
    pad,
    feeling: readFeeling(pad, undefined),
    baseline: { ...temperament.baseline },
    halfLifeHours: temperament.halfLifeHours,
    updatedAt: now,
    paused: false,
  };
}

/** The state at `now`: decayed toward the baseline since the last change (unless paused). */
export function moodAt(state: MoodState, now: number): { pad: Pad; feeling: Feeling } {
  if (state.paused) return { pad: { ...state.pad }, feeling: state.feeling };
  const pad = decayPad(state.pad, state.baseline, now - state.updatedAt, state.halfLifeHours);
  return { pad, feeling: readFeeling(pad, state.feeling) };
}

/** The mood as the UI shows it at `now`. */
export function moodView(state: MoodState, now: number): MoodView {
  const { pad, feeling } = moodAt(state, now);
  return {
    personaId: state.personaId,
    pad,
    feeling,
    baseline: { ...state.baseline },
    updatedAt: state.updatedAt,
    paused: state.paused,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const asRecord = (pad: Pad) => ({ p: pad.p, a: pad.a, d: pad.d });

/**
 * The one entry point through which anything moves the mood (the user's messages, the
 * companion's replies, later page events). The state first decays to `now`; then it steps
 * toward the appraisal's PAD by RESPONSIVENESS × weight × intensity of the way, and the step
 * is cut to MAX_STEP (Euclidean), so no single message swings it. A guarded message only
 * lowers dominance (concern, not anger), so a cry for help or a request for a break cannot
 * make the companion annoyed. Returns the new state and its log entry, or no entry when nothing changed
 * (paused, or a neutral message). Deterministic: replaying the log repeats it exactly.
 */
export function applyAppraisal(
  state: MoodState,
  appraisal: Appraisal,
  options: ApplyOptions,
): { state: MoodState; entry: NewLogEntry | null } {
  if (state.paused) return { state, entry: null };
  const weight = options.weight ?? SOURCE_WEIGHTS[options.source];
  const intensity = Math.max(0, Math.min(1, appraisal.intensity));
  const { pad: before, feeling: feelingBefore } = moodAt(state, options.now);
  let pull = scalePad(subPad(clampPad(appraisal.pad), before), RESPONSIVENESS * weight * intensity);
  if (options.guard) pull = { ...pull, d: -Math.abs(pull.d) };
  const step = boundStep(pull, MAX_STEP);
  if (padLength(step) === 0) return { state, entry: null };
  const after = clampPad(addPad(before, step));
  const bounded = padLength(pull) > MAX_STEP;
  const rule = [
    `stepped ${round(RESPONSIVENESS * weight * intensity)} of the way toward the appraisal (weight ${weight}, intensity ${round(intensity)})`,
    bounded ? `bounded to ${MAX_STEP} (Euclidean)` : '',
    options.guard ? `${options.guard}: dominance only lowered (concern, never annoyance)` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const next: MoodState = {
    ...state,
    pad: after,
    feeling: readFeeling(after, feelingBefore),
    updatedAt: options.now,
  };
  return {
    state: next,
    entry: {
      personaId: state.personaId,
      at: options.now,
      kind: 'mood',
      cause: options.source,
      ...(options.messageId ? { messageId: options.messageId } : {}),
      rule,
      after: asRecord(after),
      delta: asRecord(subPad(after, before)),
      appraisal,
      weight,
      ...(options.guard ? { guard: options.guard } : {}),
    },
  };
}

/** Back to the temperament at `now`. */
export function resetMood(state: MoodState, now: number): { state: MoodState; entry: NewLogEntry } {
  const pad = { ...state.baseline };
  const before = moodAt(state, now).pad;
  return {
    state: { ...state, pad, feeling: readFeeling(pad, undefined), updatedAt: now },
    entry: {
      personaId: state.personaId,
      at: now,
      kind: 'reset',
      cause: 'reset-mood',
      rule: 'the user reset the mood to the temperament',
      after: asRecord(pad),
      delta: asRecord(subPad(pad, before)),
    },
  };
}

/** Pausing freezes the state as it is at `now`; resuming lets time act again from `now`. */
export function pauseMood(state: MoodState, paused: boolean, now: number): MoodState {
  const { pad, feeling } = moodAt(state, now);
  return { ...state, pad, feeling, paused, updatedAt: now };
}

/** The entry that records a pause or a resume (it covers mood and relationship). */
export function pauseEntry(personaId: string, paused: boolean, now: number): NewLogEntry {
  return {
    personaId,
    at: now,
    kind: 'pause',
    cause: paused ? 'pause' : 'resume',
    rule: paused ? 'the user paused mood and relationship' : 'the user resumed mood and relationship',
    after: { paused: paused ? 1 : 0 },
    delta: {},
  };
}

/**
 * Rebuilds the mood from the temperament by running the log again, oldest first: each
 * mood entry through applyAppraisal with what it recorded, each reset and pause as such.
 * Equal to the stored state (tested), which shows every change is in the log. A pruned log
 * starts with a checkpoint, the state the pruned entries had led to.
 */
export function replayMood(
  personaId: string,
  temperament: Temperament,
  entries: readonly MoodLogEntry[],
  start = 0,
): MoodState {
  let state = initialMood(personaId, temperament, start);
  for (const entry of entries) {
    if (entry.kind === 'mood' && entry.appraisal) {
      state = applyAppraisal(state, entry.appraisal, {
        source: entry.cause as MoodSource,
        weight: entry.weight,
        messageId: entry.messageId,
        now: entry.at,
        guard: entry.guard,
      }).state;
    } else if (entry.kind === 'reset' && entry.cause === 'reset-mood') {
      state = resetMood(state, entry.at).state;
    } else if (entry.kind === 'pause') {
      state = pauseMood(state, entry.after.paused === 1, entry.at);
    } else if (entry.kind === 'checkpoint' && entry.checkpoint) {
      // A pruned log starts from the state its folded entries led to (mood-store.ts).
      state = { ...entry.checkpoint.mood };
    }
  }
  return state;
}
