import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/support/webhook-receiver';
import { DEFAULT_TIMEOUT_MS, deliver, type DeliveryTarget } from './deliver';
import { createEvent } from './event-types';
import { firstDelivery, nextAttempt } from './retry-schedule';
import { generateSecret, rotateSecret } from './webhook-secret';

// Real time: standardwebhooks checks the signed timestamp against the real clock.
const clock = { now: () => Date.now() };
const event = createEvent(
  {
    type: 'memory.created',
    data: { memoryId: 'mem-1', kind: 'user-fact', conversationId: 'c-1' },
    idempotencyKey: 'memory.created:mem-1',
  },
  { now: () => 1_764_000_000_000, randomBytes: (b) => crypto.getRandomValues(b) },
);

let receiver: WebhookReceiver;
let target: DeliveryTarget;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
  target = { url: `${receiver.url}/hooks/hearth`, secrets: { current: generateSecret() } };
});
afterEach(() => receiver.close());

const send = (timeoutMs?: number) => deliver(target, event, { fetch, ...clock, timeoutMs });

describe('deliver() against a loopback receiver', () => {
  it('POSTs the signed body; the receiver verifies it with standardwebhooks', async () => {
    const attempt = await send();
    expect(attempt.outcome).toEqual({ kind: 'success', code: 'ok', status: 200 });
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks/hearth');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['webhook-id']).toBe('memory.created:mem-1');
    expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
    const body = new Webhook(target.secrets.current).verify(req.body, req.headers as Record<string, string>);
    expect(body).toEqual({
      schema: 1,
      id: event.id,
      type: 'memory.created',
      version: 1,
      timestamp: '2025-11-24T16:00:00.000Z',
      idempotencyKey: 'memory.created:mem-1',
      data: { memoryId: 'mem-1', kind: 'user-fact', conversationId: 'c-1' },
    });
  });

  it('keeps the same webhook-id across retries, so the receiver can drop a duplicate', async () => {
    receiver.enqueue({ kind: 'status', status: 500 });
    let state = firstDelivery(0);
    for (let i = 0; i < 2; i++) state = nextAttempt(state, (await send()).outcome, 0, 0.5);
    expect(state).toMatchObject({ status: 'delivered', attempts: 2 });
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(ids).toEqual(['memory.created:mem-1', 'memory.created:mem-1']);
  });

  it('signs with both secrets during a rotation: old and new receivers verify the same request', async () => {
    const old = target.secrets.current;
    const rotated = rotateSecret(target.secrets, Date.now());
    target = { ...target, secrets: rotated.secrets };
    expect((await send()).outcome.kind).toBe('success');
    const req = receiver.requests[0]!;
    const headers = req.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(old).verify(req.body, headers)).toMatchObject({ id: event.id });
    expect(new Webhook(rotated.newSecret).verify(req.body, headers)).toMatchObject({ id: event.id });
  });

  it('retries a 500, with the body’s start in the reason', async () => {
    receiver.enqueue({ kind: 'status', status: 500, body: 'database is down' });
    expect((await send()).outcome).toEqual({
      kind: 'retry',
      code: 'server-error',
      reason: 'The receiver answered 500 Internal Server Error (database is down).',
    });
  });

  it('disables the endpoint on 410', async () => {
    receiver.enqueue({ kind: 'status', status: 410 });
    const attempt = await send();
    expect(attempt.outcome).toMatchObject({ kind: 'disable', code: 'gone' });
    expect(nextAttempt(firstDelivery(0), attempt.outcome, 1, 0.5)).toMatchObject({ status: 'endpoint-gone' });
  });

  it('does not follow a 307: the target of the redirect receives nothing', async () => {
    const elsewhere = await startWebhookReceiver();
    try {
      receiver.enqueue({ kind: 'redirect', location: `${elsewhere.url}/stolen` });
      expect((await send()).outcome).toEqual({
        kind: 'dead',
        code: 'redirected',
        reason: `The receiver redirected to ${elsewhere.url}/stolen. Hearth does not follow redirects; enter the final address and replay.`,
      });
      expect(receiver.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('retries a 429 no sooner than its Retry-After', async () => {
    receiver.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '90' } });
    const attempt = await send();
    expect(attempt.outcome).toEqual({
      kind: 'retry',
      code: 'rate-limited',
      reason: 'The receiver answered 429 Too Many Requests.',
      retryAfterMs: 90_000,
    });
    expect(nextAttempt(firstDelivery(0), attempt.outcome, 1_000, 0.5)).toMatchObject({ nextAt: 91_000 });
  });

  it('gives up on a receiver that never answers after the timeout, and retries later', async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(15_000);
    receiver.enqueue({ kind: 'hang' });
    expect((await send(300)).outcome).toEqual({
      kind: 'retry',
      code: 'timeout',
      reason: 'The receiver did not answer within 0.3 s.',
    });
    expect(receiver.requests).toHaveLength(1); // it did arrive; only the answer never came
  });

  it('keeps the status when the timeout fires while the failure’s body is still arriving', async () => {
    receiver.enqueue({ kind: 'stall', status: 503, body: 'overloaded, ' });
    expect((await send(300)).outcome).toEqual({
      kind: 'retry',
      code: 'server-error',
      reason: 'The receiver answered 503 Service Unavailable (overloaded,).',
    });
  });

  it('retries when nothing listens at the address', async () => {
    await receiver.close();
    const outcome = (await send()).outcome;
    expect(outcome).toMatchObject({ kind: 'retry', code: 'network' });
  });

  it('dead-letters a corrupt stored secret without sending anything', async () => {
    target = { ...target, secrets: { current: 'whsec_QUJD' } };
    const attempt = await send();
    expect(attempt).toEqual({
      outcome: {
        kind: 'dead',
        code: 'bad-secret',
        reason: 'A webhook secret holds 24–64 bytes; this one holds 3. Rotate the secret.',
      },
    });
    expect(receiver.requests).toHaveLength(0);
  });
});
