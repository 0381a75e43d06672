import type { Pad } from '../mood/types';

/** A closed interval [min, max]. */
export type Range = readonly [number, number];

/** How a voice is shaped: multipliers around 1 (rate, pitch) and a loudness in [0, 1]. */
export interface Prosody {
  rate: number;
  pitch: number;
  volume: number;
}

/**
 * What an engine can do with prosody: the ranges it accepts. An engine that cannot change
 * pitch or volume (an HTTP speech server takes only `speed`) leaves them out and gets 1.
 */
export interface ProsodyRanges {
  rate: Range;
  pitch?: Range;
  volume?: Range;
}

/** The neutral voice: what a calm companion sounds like. */
export const NEUTRAL_PROSODY: Prosody = { rate: 1, pitch: 1, volume: 0.9 };

/**
 * How far the mood may move the voice from neutral, whatever the engine allows: beyond about
 * ±25 % rate and ±30 % pitch synthetic voices sound broken rather than moved.
 */
export const MOOD_LIMITS: Required<ProsodyRanges> = {
  rate: [0.75, 1.25],
  pitch: [0.7, 1.3],
  volume: [0.6, 1],
};

// A missing or broken axis (NaN from stored data) counts as neutral, never as NaN speech.
const clamp = (x: number, [min, max]: Range) =>
  Number.isFinite(x) ? Math.min(max, Math.max(min, x)) : (min + max) / 2;

/**
 * The voice for a mood. Arousal speeds speech up and raises pitch and loudness; pleasure
 * raises pitch and speed a little; dominance adds loudness (after the acoustic correlates
 * in Schröder 2004, "Dimensional emotion representation as a basis for speech synthesis").
 * So sad (−p, −a) is slower and lower than happy (+p, +a). The result is held within
 * {@link MOOD_LIMITS}, then within the engine's own ranges.
 */
export function prosodyForMood(pad: Pad, ranges: ProsodyRanges): Prosody {
  const p = clamp(pad.p, [-1, 1]);
  const a = clamp(pad.a, [-1, 1]);
  const d = clamp(pad.d, [-1, 1]);
  // (min + max) / 2 of [-1, 1] is 0: a NaN axis is neutral.
  const mood: Prosody = {
    rate: clamp(NEUTRAL_PROSODY.rate + 0.2 * a + 0.08 * p, MOOD_LIMITS.rate),
    pitch: clamp(NEUTRAL_PROSODY.pitch + 0.15 * p + 0.12 * a, MOOD_LIMITS.pitch),
    volume: clamp(NEUTRAL_PROSODY.volume + 0.08 * a + 0.05 * d, MOOD_LIMITS.volume),
  };
  return {
    rate: clamp(mood.rate, ranges.rate),
    pitch: ranges.pitch ? clamp(mood.pitch, ranges.pitch) : 1,
    volume: ranges.volume ? clamp(mood.volume, ranges.volume) : 1,
  };
}
