import type { Pad } from './types';

const HOUR = 3_600_000;

/**
 * The mood after `elapsedMs` with nothing happening, in closed form:
 * state(t) = baseline + (state0 − baseline) · 2^(−Δt / halfLife).
 * It is computed from the clock when the state is read, never by ticking, so a worker that
 * was stopped for eight hours reads exactly what a minute-by-minute simulation would give.
 * A negative elapsed time (a clock set back) decays nothing.
 */
export function decayPad(state: Pad, baseline: Pad, elapsedMs: number, halfLifeHours: number): Pad {
  if (!(elapsedMs > 0)) return { ...state };
  const k = Math.pow(2, -elapsedMs / (Math.max(halfLifeHours, 1e-6) * HOUR));
  return {
    p: baseline.p + (state.p - baseline.p) * k,
    a: baseline.a + (state.a - baseline.a) * k,
    d: baseline.d + (state.d - baseline.d) * k,
  };
}
