import { parseRetryAfter } from './retry-after';

/**
 * What one webhook attempt came to, read off the response (or the failure to get one):
 * - any 2xx: success;
 * - 410 Gone: the receiver says the endpoint is no more, so the endpoint is disabled;
 * - 3xx: never followed (a redirect could send the signed body somewhere the user never
 *   entered), so a dead letter that asks the user to enter the final address;
 * - 429 and 5xx: tried again, no sooner than a `Retry-After`;
 * - any other 4xx: a dead letter with the status in the reason (retrying will not help);
 * - a timeout or a network failure: tried again.
 */

/** Why an attempt ended the way it did, for the dead-letter list and tests. */
export type OutcomeCode =
  | 'ok'
  | 'gone'
  | 'redirected'
  | 'rate-limited'
  | 'server-error'
  | 'client-error'
  | 'timeout'
  | 'network'
  | 'bad-secret';

/** The classified result of one attempt; `reason` is a sentence a person can act on. */
export type AttemptOutcome =
  | { kind: 'success'; code: 'ok'; status: number }
  | { kind: 'retry'; code: OutcomeCode; reason: string; retryAfterMs?: number }
  | { kind: 'dead'; code: OutcomeCode; reason: string }
  | { kind: 'disable'; code: 'gone'; reason: string };

/** The parts of a fetch Response that classification reads. */
export interface ResponseLike {
  status: number;
  statusText?: string;
  /** 'opaqueredirect' in a browser for a redirect under `redirect: 'manual'`. */
  type?: string;
  headers: { get(name: string): string | null };
}

/** The outcome of a response; `detail` is the start of its body, when it was read. */
export function classifyResponse(res: ResponseLike, now: number, detail = ''): AttemptOutcome {
  const status = res.status;
  const said = describe(res, detail);
  // Browsers hide a manual redirect behind an opaque response with status 0; Node shows the 3xx.
  if (res.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    const location = res.headers.get('location');
    const to = location ? ` to ${location.slice(0, 200)}` : '';
    return {
      kind: 'dead',
      code: 'redirected',
      reason: `The receiver redirected${to}. Hearth does not follow redirects; enter the final address and replay.`,
    };
  }
  if (status >= 200 && status < 300) return { kind: 'success', code: 'ok', status };
  if (status === 410) {
    return {
      kind: 'disable',
      code: 'gone',
      reason: `The receiver answered ${said}: the endpoint was disabled.`,
    };
  }
  if (status === 429 || (status >= 500 && status < 600)) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
    return {
      kind: 'retry',
      code: status === 429 ? 'rate-limited' : 'server-error',
      reason: `The receiver answered ${said}.`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (status >= 400 && status < 500) {
    return { kind: 'dead', code: 'client-error', reason: `The receiver refused the delivery: ${said}.` };
  }
  // 1xx cannot reach fetch; anything else (status 0 without a redirect) is a broken exchange.
  return { kind: 'retry', code: 'network', reason: `The receiver answered with status ${status}.` };
}

/** The outcome of a fetch that threw: a timeout when our timer fired, else a network failure. */
export function classifyFailure(error: unknown, timedOutAfterMs: number | undefined): AttemptOutcome {
  if (timedOutAfterMs !== undefined) {
    const seconds = Math.round(timedOutAfterMs / 100) / 10;
    return { kind: 'retry', code: 'timeout', reason: `The receiver did not answer within ${seconds} s.` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'retry',
    code: 'network',
    reason: `Could not reach the receiver (${message.slice(0, 200)}).`,
  };
}

function describe(res: ResponseLike, detail: string): string {
  const text = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
  const body = detail.replace(/\s+/g, ' ').trim().slice(0, 200);
  return body ? `${text} (${body})` : text;
}
