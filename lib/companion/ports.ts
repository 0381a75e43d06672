/**
 * The small interfaces through which browser facilities reach the companion services.
 * The extension passes the real thing (lib/companion/browser-ports.ts); tests pass fakes.
 */

/** Time, and a repeating timer, so schedules are tested without waiting. */
export interface Clock {
  now(): number;
  /** Calls `tick` every `ms`; returns the canceller. */
  every(ms: number, tick: () => void): () => void;
}

/** A key-value storage area (storage.local in the extension). */
export interface KeyValueArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** The clock of the machine. */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};
