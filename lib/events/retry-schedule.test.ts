import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from './delivery-outcome';
import { parseRetryAfter } from './retry-after';
import {
  firstDelivery,
  JITTER,
  jittered,
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  nextAttempt,
  RETRY_DELAYS_MS,
  type DeliveryState,
} from './retry-schedule';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const fail: AttemptOutcome = { kind: 'retry', code: 'server-error', reason: 'The receiver answered 500.' };

/** Fails every attempt at its due time; returns the delays between attempts and the end state. */
function failUntilEnd(random: number): { delays: number[]; end: DeliveryState } {
  let state = firstDelivery(0);
  const delays: number[] = [];
  while (state.status === 'pending') {
    const at = state.nextAt;
    state = nextAttempt(state, fail, at, random);
    if (state.status === 'pending') delays.push(state.nextAt - at);
  }
  return { delays, end: state };
}

describe('retry schedule', () => {
  it('follows the spec: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then a dead letter', () => {
    expect(RETRY_DELAYS_MS).toEqual([5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 10 * H]);
    const { delays, end } = failUntilEnd(0.5); // 0.5: the middle of the jitter band, no spread
    expect(delays).toEqual(RETRY_DELAYS_MS);
    expect(end).toEqual({
      status: 'dead',
      attempts: MAX_ATTEMPTS,
      at: delays.reduce((a, b) => a + b, 0),
      reason: 'Gave up after 8 attempts. The last: The receiver answered 500.',
    });
  });

  it('spreads each delay by ±20 % and no more', () => {
    const early = failUntilEnd(0).delays;
    const late = failUntilEnd(0.999_999).delays;
    RETRY_DELAYS_MS.forEach((base, i) => {
      expect(early[i]).toBe(Math.round(base * (1 - JITTER)));
      expect(late[i]).toBeLessThanOrEqual(Math.round(base * (1 + JITTER)));
      expect(late[i]).toBeGreaterThan(Math.round(base * (1 + JITTER) * 0.9999));
    });
    // An out-of-range random cannot push a delay outside the band.
    expect(jittered(1000, -3)).toBe(800);
    expect(jittered(1000, 7)).toBe(1200);
    expect(jittered(1000, Number.NaN)).toBe(1000);
  });

  it('waits at least as long as Retry-After asks, up to a day', () => {
    const state = firstDelivery(0);
    const asked = (ms: number) => nextAttempt(state, { ...fail, retryAfterMs: ms }, 100, 0.5);
    expect(asked(120 * S)).toMatchObject({ status: 'pending', attempts: 1, nextAt: 100 + 120 * S });
    expect(asked(1 * S)).toMatchObject({ nextAt: 100 + 5 * S }); // sooner than the schedule: the schedule
    expect(asked(0)).toMatchObject({ nextAt: 100 + 5 * S });
    expect(asked(30 * 24 * H)).toMatchObject({ nextAt: 100 + MAX_RETRY_AFTER_MS });
  });

  it('keeps the last error on a pending delivery', () => {
    expect(nextAttempt(firstDelivery(0), fail, 0, 0.5)).toEqual({
      status: 'pending',
      attempts: 1,
      nextAt: 5 * S,
      lastError: 'The receiver answered 500.',
    });
  });

  it('ends at once on success, a dead letter or a gone endpoint', () => {
    const pending: DeliveryState = { status: 'pending', attempts: 3, nextAt: 10 };
    expect(nextAttempt(pending, { kind: 'success', code: 'ok', status: 204 }, 10, 0.5)).toEqual({
      status: 'delivered',
      attempts: 4,
      at: 10,
    });
    expect(nextAttempt(pending, { kind: 'dead', code: 'client-error', reason: 'no' }, 10, 0.5)).toEqual({
      status: 'dead',
      attempts: 4,
      at: 10,
      reason: 'no',
    });
    expect(nextAttempt(pending, { kind: 'disable', code: 'gone', reason: 'gone' }, 10, 0.5)).toEqual({
      status: 'endpoint-gone',
      attempts: 4,
      at: 10,
      reason: 'gone',
    });
  });

  it('refuses to attempt a finished delivery again', () => {
    expect(() => nextAttempt({ status: 'delivered', attempts: 1, at: 0 }, fail, 0, 0.5)).toThrow(
      /A delivered delivery is not attempted again/,
    );
  });
});

describe('Retry-After', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  it('reads whole seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date, as a delay from now', () => {
    expect(parseRetryAfter('Wed, 02 Dec 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 11:00:00 GMT', now)).toBe(0); // already passed
  });
  it('ignores what it cannot read', () => {
    for (const bad of [
      null,
      undefined,
      '',
      '-5',
      '1.5',
      'soon',
      'Dec 2026',
      'Wed, 99 Foo 2026 12:00:00 GMT',
    ]) {
      expect(parseRetryAfter(bad, now)).toBeUndefined();
    }
  });
});
