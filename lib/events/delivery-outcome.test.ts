import { describe, expect, it } from 'vitest';
import { classifyFailure, classifyResponse, type ResponseLike } from './delivery-outcome';

const now = Date.UTC(2026, 11, 2, 12, 0, 0);
const res = (status: number, headers: Record<string, string> = {}, extra: Partial<ResponseLike> = {}) => ({
  status,
  headers: new Headers(headers),
  ...extra,
});

describe('classifying a webhook response', () => {
  it('counts any 2xx as success', () => {
    for (const status of [200, 201, 202, 204, 299]) {
      expect(classifyResponse(res(status), now)).toEqual({ kind: 'success', code: 'ok', status });
    }
  });

  it('disables the endpoint on 410', () => {
    expect(classifyResponse(res(410, {}, { statusText: 'Gone' }), now)).toEqual({
      kind: 'disable',
      code: 'gone',
      reason: 'The receiver answered 410 Gone: the endpoint was disabled.',
    });
  });

  it('never follows a redirect: Node’s 3xx and the browser’s opaque redirect alike', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      expect(classifyResponse(res(status, { location: 'https://elsewhere.example/hook' }), now)).toEqual({
        kind: 'dead',
        code: 'redirected',
        reason:
          'The receiver redirected to https://elsewhere.example/hook. Hearth does not follow redirects; enter the final address and replay.',
      });
    }
    expect(classifyResponse(res(0, {}, { type: 'opaqueredirect' }), now)).toMatchObject({
      kind: 'dead',
      code: 'redirected',
    });
  });

  it('retries 429 and 5xx, carrying Retry-After in either form', () => {
    expect(classifyResponse(res(429, { 'retry-after': '30' }), now)).toEqual({
      kind: 'retry',
      code: 'rate-limited',
      reason: 'The receiver answered 429.',
      retryAfterMs: 30_000,
    });
    expect(classifyResponse(res(503, { 'retry-after': 'Wed, 02 Dec 2026 12:10:00 GMT' }), now)).toMatchObject(
      {
        kind: 'retry',
        code: 'server-error',
        retryAfterMs: 600_000,
      },
    );
    for (const status of [500, 502, 504, 599]) {
      const outcome = classifyResponse(res(status), now);
      expect(outcome).toMatchObject({ kind: 'retry', code: 'server-error' });
      expect(outcome).not.toHaveProperty('retryAfterMs');
    }
  });

  it('dead-letters other 4xx with the status and the start of the body in the reason', () => {
    expect(
      classifyResponse(res(400, {}, { statusText: 'Bad Request' }), now, 'missing\n  field "x"'),
    ).toEqual({
      kind: 'dead',
      code: 'client-error',
      reason: 'The receiver refused the delivery: 400 Bad Request (missing field "x").',
    });
    for (const status of [401, 403, 404, 408, 413, 422]) {
      expect(classifyResponse(res(status), now)).toMatchObject({ kind: 'dead', code: 'client-error' });
    }
  });

  it('retries timeouts and network failures, saying which', () => {
    expect(classifyFailure(new Error('aborted'), 15_000)).toEqual({
      kind: 'retry',
      code: 'timeout',
      reason: 'The receiver did not answer within 15 s.',
    });
    expect(classifyFailure(new TypeError('fetch failed'), undefined)).toEqual({
      kind: 'retry',
      code: 'network',
      reason: 'Could not reach the receiver (fetch failed).',
    });
  });
});
