import type { Pad } from './types';

/** A persona's temperament: the mood it returns to, and how fast. */
export interface Temperament {
  /** Where the mood decays to when nothing happens. */
  baseline: Pad;
  /** Hours for the distance to the baseline to halve. */
  halfLifeHours: number;
}

/**
 * The default persona's temperament: mildly pleasant, calm, a little below neutral
 * dominance (warm and easy-going rather than assertive); a mood halves its distance to
 * this in four hours. Personas get their own `temperament` field later (persona issue).
 */
export const DEFAULT_TEMPERAMENT: Temperament = Object.freeze({
  baseline: Object.freeze({ p: 0.2, a: -0.1, d: 0.05 }),
  halfLifeHours: 4,
});
