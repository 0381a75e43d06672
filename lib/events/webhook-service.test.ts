import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { openHearthDb } from '../db/open';
import type { HearthDB } from '../db/schema';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/support/webhook-receiver';
import { createWebhookService } from './webhook-service';
import { describeOutcome } from './outcome-words';
import { listDeadLetters, newDelivery } from './delivery-store';
import { createEvent } from './event-types';

let receiver: WebhookReceiver;
let db: IDBPDatabase<HearthDB>;
let kicks = 0;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
  db = await openHearthDb({ name: `webhook-service-${crypto.randomUUID()}` });
  kicks = 0;
});
afterEach(async () => {
  db.close();
  await receiver.close();
});

const webhooks = () => createWebhookService({ db, now: () => Date.now(), fetch, kick: () => kicks++ });

describe('the webhooks service', () => {
  it('adds an endpoint: the secret comes back once and is never listed', async () => {
    const { endpoint, secret } = await webhooks().add({
      url: ` ${receiver.url}/in#x `,
      eventTypes: ['memory.created', 'memory.created', 'mood.changed'],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(endpoint).toMatchObject({ url: `${receiver.url}/in`, enabled: true, insecure: false });
    expect(endpoint.eventTypes).toEqual(['memory.created', 'mood.changed']);
    const listed = await webhooks().list();
    expect(listed).toEqual([endpoint]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
  });

  it('refuses a bad address, no event types, or a type that does not exist, storing nothing', async () => {
    await expect(webhooks().add({ url: 'ftp://x', eventTypes: ['memory.created'] })).rejects.toThrow(/https/);
    await expect(webhooks().add({ url: receiver.url, eventTypes: [] })).rejects.toThrow(/at least one/);
    await expect(webhooks().add({ url: receiver.url, eventTypes: ['webhook.test'] })).rejects.toThrow(
      /Unknown/,
    );
    await expect(webhooks().add({ url: receiver.url, eventTypes: ['memory.eaten'] })).rejects.toThrow(
      /Unknown/,
    );
    expect(await db.count('webhookEndpoints')).toBe(0);
  });

  it('test delivery: signed like a real one, described in words; rotation signs with both secrets', async () => {
    const service = webhooks();
    const { endpoint, secret } = await service.add({ url: receiver.url, eventTypes: ['memory.created'] });
    expect(await service.testDelivery(endpoint.id)).toEqual({
      ok: true,
      words: 'Delivered: the receiver answered 200.',
    });
    const first = receiver.requests[0]!;
    expect(new Webhook(secret).verify(first.body, first.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
      data: { endpointId: endpoint.id },
    });

    const rotated = await service.rotate(endpoint.id);
    expect(rotated.secret).not.toBe(secret);
    expect((await service.list())[0]!.rotationEndsAt).toBe(rotated.rotationEndsAt);
    receiver.enqueue({ kind: 'status', status: 500, body: 'boom' });
    const failed = await service.testDelivery(endpoint.id);
    expect(failed.ok).toBe(false);
    expect(failed.words).toMatch(/^Not delivered yet\. The receiver answered 500 .*boom.*retried/);
    const second = receiver.requests[1]!;
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const key of [rotated.secret, secret]) {
      expect(new Webhook(key).verify(second.body, second.headers as Record<string, string>)).toBeTruthy();
    }
  });

  it('says what a redirect, a 410 and a Retry-After mean', () => {
    expect(describeOutcome({ kind: 'dead', code: 'redirected', reason: 'Redirected.' }).words).toBe(
      'Not delivered. Redirected.',
    );
    expect(describeOutcome({ kind: 'disable', code: 'gone', reason: 'Gone.' }).words).toMatch(/stop going/);
    expect(
      describeOutcome({ kind: 'retry', code: 'rate-limited', reason: 'Slow down.', retryAfterMs: 1_500 })
        .words,
    ).toMatch(/wait 2 s/);
  });

  it('disable, enable (clears the reason, wakes delivery), remove (with its deliveries)', async () => {
    const service = webhooks();
    const { endpoint } = await service.add({ url: receiver.url, eventTypes: ['memory.created'] });
    await service.setEnabled(endpoint.id, false);
    expect((await service.list())[0]).toMatchObject({ enabled: false, disabledReason: 'Paused by you.' });
    await service.setEnabled(endpoint.id, true);
    expect((await service.list())[0]).not.toHaveProperty('disabledReason');
    expect(kicks).toBe(1);

    const event = createEvent(
      { type: 'memory.forgotten', data: { memoryId: 'm' } },
      { now: () => 1, randomBytes: (b) => crypto.getRandomValues(b) },
    );
    await db.put('deliveries', {
      ...newDelivery(endpoint.id, event, 1),
      status: 'dead',
      deadAt: 2,
      reason: 'x',
    });
    expect(await listDeadLetters(db)).toHaveLength(1);
    await service.remove(endpoint.id);
    expect(await service.list()).toEqual([]);
    expect(await db.count('deliveries')).toBe(0);
    await expect(service.rotate(endpoint.id)).rejects.toThrow(/no longer exists/);
  });

  it('replays a dead letter under its key and wakes delivery; a missing one is an error', async () => {
    const service = webhooks();
    const { endpoint } = await service.add({ url: receiver.url, eventTypes: ['memory.created'] });
    const event = createEvent(
      { type: 'memory.forgotten', data: { memoryId: 'm' }, idempotencyKey: 'memory.forgotten:m:1' },
      { now: () => 1, randomBytes: (b) => crypto.getRandomValues(b) },
    );
    await db.put('outbox', { id: event.id, event, n: 0 });
    await db.put('deliveries', {
      ...newDelivery(endpoint.id, event, 1),
      status: 'dead',
      deadAt: 2,
      reason: 'Gone.',
    });
    const [letter] = await service.deadLetters();
    expect(letter).toMatchObject({
      eventType: 'memory.forgotten',
      reason: 'Gone.',
      idempotencyKey: 'memory.forgotten:m:1',
    });
    await service.replay(letter!.id);
    expect(kicks).toBe(1);
    expect(await service.deadLetters()).toEqual([]);
    expect(await db.get('deliveries', letter!.id)).toMatchObject({
      status: 'pending',
      replays: 1,
      lastError: 'Gone.',
    });
    await expect(service.replay(letter!.id)).rejects.toThrow(/no longer there/);
  });
});
