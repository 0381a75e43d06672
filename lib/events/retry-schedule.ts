/**
 * When to try a webhook delivery again (issue 10 §2, §4): a pure function of the delivery's
 * state, the outcome of the attempt just made, the time and a random number, so the whole
 * schedule is tested without waiting and without a browser.
 *
 * The schedule follows the Standard Webhooks spec's example: immediately, then 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over about 27.5 hours — each delay spread by
 * ±20 % jitter so that many deliveries failing together (the receiver was down) do not all come
 * back in the same second. A `Retry-After` from the receiver is honoured: the next attempt is
 * never earlier than it asks (capped at a day, so a bad header cannot park a delivery forever).
 * After the last attempt fails the delivery becomes a dead letter, with the reason, for the
 * options page to show and replay.
 *
 * How the background will drive it (design; the outbox store and the wiring come later):
 * - Each pending delivery in the IndexedDB outbox keeps its `nextAt` (this module's output),
 *   indexed. The schedule is data, not timers, so it survives the worker being killed and the
 *   browser restarting.
 * - One `chrome.alarms` alarm ('webhook-retry') is set for the earliest `nextAt` across the
 *   outbox, rounded up to at least 30 s from now (Chrome fires alarms at most every 30 s), and
 *   re-set after every pass. One alarm for all deliveries keeps far below the 500-alarm limit
 *   however many deliveries wait, and re-setting it is idempotent. So the spec's 5 s first
 *   retry happens after about 30 s in practice; the later steps are far above the floor.
 * - When the alarm fires (or the worker starts, or a new event is written), the background
 *   delivers every due entry, writes each one's new state from `nextAttempt` in the same
 *   transaction that marks the attempt done, then re-sets the alarm. A worker killed
 *   mid-delivery leaves the entry pending with its old `nextAt`, so it is tried again under
 *   the same idempotency key: at least once, deduplicated by the receiver on `webhook-id`.
 */

import type { AttemptOutcome } from './delivery-outcome';

/** The delays after each failed attempt (the spec's example schedule), in milliseconds. */
export const RETRY_DELAYS_MS: readonly number[] = Object.freeze([
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
]);
/** Attempts before a delivery becomes a dead letter: the first one and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** Each delay is spread by up to this share either way. */
export const JITTER = 0.2;
/** The longest `Retry-After` honoured; a longer one is shortened to this. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Where one delivery (one event to one endpoint) stands. */
export type DeliveryState =
  /** Waiting for its next attempt at `nextAt` (epoch ms); `attempts` made so far. */
  | { status: 'pending'; attempts: number; nextAt: number; lastError?: string }
  /** A 2xx came back. */
  | { status: 'delivered'; attempts: number; at: number }
  /** Given up on: the reason is shown in the dead-letter list, which can replay it. */
  | { status: 'dead'; attempts: number; at: number; reason: string }
  /** The receiver answered 410 Gone: the endpoint is to be disabled, and this delivery with it. */
  | { status: 'endpoint-gone'; attempts: number; at: number; reason: string };

/** A new delivery, due at once. */
export function firstDelivery(now: number): DeliveryState {
  return { status: 'pending', attempts: 0, nextAt: now };
}

/**
 * The state after an attempt: delivered, dead, endpoint gone, or pending again at a jittered
 * time from the schedule (never before a `Retry-After`). `random` is in [0, 1) (Math.random in
 * the extension; fixed in tests). Throws for a delivery that is not pending: an attempt on a
 * finished delivery is a bug in the caller.
 */
export function nextAttempt(
  state: DeliveryState,
  outcome: AttemptOutcome,
  now: number,
  random: number,
): DeliveryState {
  if (state.status !== 'pending') {
    throw new Error(`A ${state.status} delivery is not attempted again (replay makes a new one).`);
  }
  const attempts = state.attempts + 1;
  switch (outcome.kind) {
    case 'success':
      return { status: 'delivered', attempts, at: now };
    case 'disable':
      return { status: 'endpoint-gone', attempts, at: now, reason: outcome.reason };
    case 'dead':
      return { status: 'dead', attempts, at: now, reason: outcome.reason };
    case 'retry': {
      if (attempts >= MAX_ATTEMPTS) {
        return {
          status: 'dead',
          attempts,
          at: now,
          reason: `Gave up after ${attempts} attempts. The last: ${outcome.reason}`,
        };
      }
      const scheduled = jittered(RETRY_DELAYS_MS[attempts - 1] ?? 0, random);
      const asked =
        outcome.retryAfterMs === undefined ? 0 : Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS);
      return {
        status: 'pending',
        attempts,
        nextAt: now + Math.max(scheduled, asked),
        lastError: outcome.reason,
      };
    }
  }
}

/** `base` spread by ±JITTER according to `random` in [0, 1): 0 gives the earliest, →1 the latest. */
export function jittered(base: number, random: number): number {
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0.5;
  return Math.round(base * (1 - JITTER + 2 * JITTER * r));
}
