import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { toBase64Url } from './base64';
import { deliver } from './deliver';
import { listDeadLetters, replayDeadLetter } from './delivery-store';
import { createEvent, OPT_IN_EVENT_TYPES, type EventType } from './event-types';
import { WebhookEndpointRecord } from './outbox-records';
import { describeOutcome } from './outcome-words';
import { parseWebhookUrl } from './webhook-endpoint';
import { generateSecret, rotateSecret, type RandomBytes } from './webhook-secret';

/**
 * The webhooks section's service (options page): endpoints with their secrets in IndexedDB
 * (migration 007), a secret shown once when made or rotated and never read back to the page,
 * a test delivery described in words, and the dead-letter list with replay. The background
 * delivers; `kick` tells it there is something to do.
 */

/** An endpoint as the options page shows it: never its secrets. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  /** Plain http to another machine: events cross the network unencrypted. */
  insecure: boolean;
  eventTypes: EventType[];
  enabled: boolean;
  disabledReason?: string;
  /** While a rotation's grace runs, deliveries carry both signatures until then (epoch ms). */
  rotationEndsAt?: number;
  createdAt: number;
}

/** One dead letter as the options page lists it. */
export interface DeadLetterView {
  id: string;
  endpointUrl: string;
  eventType: string;
  idempotencyKey: string;
  deadAt: number;
  reason: string;
  attempts: number;
  replays: number;
}

/** What the service is made from. */
export interface WebhookServiceDeps {
  db: IDBPDatabase<HearthDB>;
  now: () => number;
  fetch: typeof fetch;
  random?: RandomBytes;
  /** Wakes the background's delivery (a message in the extension). */
  kick: () => void;
}

const systemRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

/** Creates the webhooks service over an open database. */
export function createWebhookService(deps: WebhookServiceDeps) {
  const random = deps.random ?? systemRandom;
  const { db } = deps;

  async function read(id: string): Promise<WebhookEndpointRecord> {
    const parsed = WebhookEndpointRecord.safeParse(await db.get('webhookEndpoints', id));
    if (!parsed.success) throw new Error('That webhook endpoint no longer exists.');
    return parsed.data;
  }

  function checkTypes(types: readonly string[]): EventType[] {
    const unknown = types.filter((t) => !OPT_IN_EVENT_TYPES.includes(t as EventType));
    if (unknown.length) throw new Error(`Unknown event type: ${unknown.join(', ').slice(0, 200)}.`);
    if (types.length === 0) throw new Error('Choose at least one kind of event to send.');
    return [...new Set(types)] as EventType[];
  }

  return {
    async list(): Promise<WebhookEndpointView[]> {
      const rows = await db.getAll('webhookEndpoints');
      const now = deps.now();
      return rows
        .flatMap((row) => {
          const parsed = WebhookEndpointRecord.safeParse(row);
          return parsed.success ? [view(parsed.data, now)] : [];
        })
        .sort((a, b) => a.createdAt - b.createdAt);
    },

    /** Adds an endpoint; the secret comes back once, here, and is never shown again. */
    async add(input: { url: string; eventTypes: readonly string[] }) {
      const { url } = parseWebhookUrl(input.url);
      const eventTypes = checkTypes(input.eventTypes);
      const secret = generateSecret(random);
      const record = WebhookEndpointRecord.parse({
        id: `wh_${toBase64Url(random(new Uint8Array(9)))}`,
        url,
        eventTypes,
        secrets: { current: secret },
        enabled: true,
        createdAt: deps.now(),
      });
      await db.add('webhookEndpoints', record);
      return { endpoint: view(record, deps.now()), secret };
    },

    async setEventTypes(id: string, types: readonly string[]): Promise<void> {
      const eventTypes = checkTypes(types);
      await db.put('webhookEndpoints', { ...(await read(id)), eventTypes });
    },

    /** Enabling clears the reason it was disabled (a 410, or the user). */
    async setEnabled(id: string, enabled: boolean): Promise<void> {
      const { disabledReason: _reason, ...record } = await read(id);
      await db.put(
        'webhookEndpoints',
        enabled ? { ...record, enabled } : { ...record, enabled, disabledReason: 'Paused by you.' },
      );
      if (enabled) deps.kick();
    },

    /** A new secret, shown once; the old one still signs (a second signature) for a day. */
    async rotate(id: string): Promise<{ secret: string; rotationEndsAt: number }> {
      const record = await read(id);
      const rotated = rotateSecret(record.secrets, deps.now(), { random });
      await db.put('webhookEndpoints', { ...record, secrets: rotated.secrets });
      return { secret: rotated.newSecret, rotationEndsAt: rotated.secrets.previous!.until };
    },

    /** Removes the endpoint and every delivery to it, dead letters included. */
    async remove(id: string): Promise<void> {
      const tx = db.transaction(['webhookEndpoints', 'deliveries'], 'readwrite');
      const keys = await tx.objectStore('deliveries').index('byEndpoint').getAllKeys(id);
      await Promise.all([
        ...keys.map((k) => tx.objectStore('deliveries').delete(k)),
        tx.objectStore('webhookEndpoints').delete(id),
      ]);
      await tx.done;
    },

    /** Sends one `webhook.test` event now, signed as real ones are; not stored, not retried. */
    async testDelivery(id: string): Promise<{ ok: boolean; words: string }> {
      const record = await read(id);
      const event = createEvent(
        { type: 'webhook.test', data: { endpointId: id } },
        { now: deps.now, randomBytes: random },
      );
      const { outcome } = await deliver(record, event, { fetch: deps.fetch, now: deps.now });
      return describeOutcome(outcome);
    },

    async deadLetters(): Promise<DeadLetterView[]> {
      const endpoints = new Map((await db.getAll('webhookEndpoints')).map((e) => [e.id, e.url]));
      return (await listDeadLetters(db)).map(({ delivery, eventType }) => ({
        id: delivery.id,
        endpointUrl: endpoints.get(delivery.endpointId) ?? '(removed)',
        eventType,
        idempotencyKey: delivery.idempotencyKey,
        deadAt: delivery.deadAt ?? 0,
        reason: delivery.reason ?? 'No reason was recorded.',
        attempts: delivery.attempts,
        replays: delivery.replays,
      }));
    },

    /** Sends a dead letter again (same idempotency key), from the background, now. */
    async replay(deliveryId: string): Promise<void> {
      await replayDeadLetter(db, deliveryId, deps.now());
      deps.kick();
    },
  };
}

/** The webhooks service's interface. */
export type WebhookService = ReturnType<typeof createWebhookService>;

function view(record: WebhookEndpointRecord, now: number): WebhookEndpointView {
  const until = record.secrets.previous?.until;
  return {
    id: record.id,
    url: record.url,
    insecure: parseWebhookUrl(record.url).insecure,
    eventTypes: record.eventTypes,
    enabled: record.enabled,
    ...(record.disabledReason ? { disabledReason: record.disabledReason } : {}),
    ...(until !== undefined && until > now ? { rotationEndsAt: until } : {}),
    createdAt: record.createdAt,
  };
}
