import type { Pad } from './types';

/** The neutral point of PAD space. */
export const ZERO_PAD: Pad = Object.freeze({ p: 0, a: 0, d: 0 });

const clamp1 = (x: number) => Math.max(-1, Math.min(1, x));

/** Keeps each axis in [-1, 1] (a stored or computed value never leaves the space). */
export function clampPad(pad: Pad): Pad {
  return { p: clamp1(pad.p), a: clamp1(pad.a), d: clamp1(pad.d) };
}

/** a + b, axis by axis. */
export function addPad(a: Pad, b: Pad): Pad {
  return { p: a.p + b.p, a: a.a + b.a, d: a.d + b.d };
}

/** a − b, axis by axis. */
export function subPad(a: Pad, b: Pad): Pad {
  return { p: a.p - b.p, a: a.a - b.a, d: a.d - b.d };
}

/** k · a. */
export function scalePad(a: Pad, k: number): Pad {
  return { p: a.p * k, a: a.a * k, d: a.d * k };
}

/** Euclidean length. */
export function padLength(a: Pad): number {
  return Math.hypot(a.p, a.a, a.d);
}

/** Euclidean distance between two states. */
export function padDistance(a: Pad, b: Pad): number {
  return padLength(subPad(a, b));
}

/**
 * Shortens `delta` to at most `max` in Euclidean length, keeping its direction: a single
 * message can move the mood only so far, whichever way it pulls.
 */
export function boundStep(delta: Pad, max: number): Pad {
  const length = padLength(delta);
  return length <= max || length === 0 ? delta : scalePad(delta, max / length);
}
