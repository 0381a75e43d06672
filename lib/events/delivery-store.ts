import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { parseEvent, type HearthEvent } from './event-types';
import type { AttemptOutcome } from './delivery-outcome';
import { DeliveryRecord, OutboxRecord, WebhookEndpointRecord, deliveryId } from './outbox-records';
import { nextAttempt } from './retry-schedule';
import { wantsEvent } from './webhook-endpoint';

/**
 * The deliveries' state in IndexedDB (migration 007), as data rather than timers, so it
 * survives the worker being stopped and the browser restarting. Every step is one transaction:
 * fan-out (outbox → one delivery per endpoint that wants the event), claim (a lease on due
 * deliveries), complete (the attempt's outcome, only while the lease is still this attempt's),
 * replay (a dead letter back to pending). A worker killed mid-attempt leaves its lease to
 * expire, and the delivery is tried again under the same idempotency key.
 */

type Db = IDBPDatabase<HearthDB>;

/** One due delivery, leased to one attempt. */
export interface Claim {
  delivery: DeliveryRecord;
  endpoint: WebhookEndpointRecord;
  event: HearthEvent;
}

const FAN_OUT_BATCH = 200;

/** Makes the deliveries (due at `now`) for every event not yet fanned out; resolves to how many events it took. */
export async function fanOut(db: Db, now: number): Promise<number> {
  let total = 0;
  for (;;) {
    const tx = db.transaction(['outbox', 'webhookEndpoints', 'deliveries'], 'readwrite');
    const endpoints = parseAll(await tx.objectStore('webhookEndpoints').getAll(), WebhookEndpointRecord);
    const rows = await tx.objectStore('outbox').index('byPending').getAll(undefined, FAN_OUT_BATCH);
    for (const row of rows) {
      const record = OutboxRecord.safeParse(row);
      const event = record.success ? safeEvent(record.data.event) : undefined;
      for (const endpoint of event ? endpoints : []) {
        if (!wantsEvent(endpoint, event!)) continue;
        const id = deliveryId(endpoint.id, event!.id);
        // Fan-out may run again after a kill: an existing delivery is never reset.
        if (await tx.objectStore('deliveries').get(id)) continue;
        await tx.objectStore('deliveries').put(newDelivery(endpoint.id, event!, now));
      }
      const { pendingAt: _done, ...rest } = row;
      await tx.objectStore('outbox').put(rest);
    }
    await tx.done;
    total += rows.length;
    if (rows.length < FAN_OUT_BATCH) return total;
  }
}

/** A new delivery of `event` to an endpoint, due at `now`. */
export function newDelivery(endpointId: string, event: HearthEvent, now: number): DeliveryRecord {
  return {
    id: deliveryId(endpointId, event.id),
    endpointId,
    eventId: event.id,
    idempotencyKey: event.idempotencyKey,
    status: 'pending',
    attempts: 0,
    dueAt: now,
    replays: 0,
  };
}

/**
 * Leases up to `limit` due deliveries to `lease` until `now + leaseMs`. Deliveries whose
 * endpoint is gone are dropped; those whose endpoint is disabled, or whose event cannot be
 * read, become dead letters with the reason. `more` says whether more may be due.
 */
export async function claimDue(
  db: Db,
  options: { now: number; lease: string; leaseMs: number; limit: number },
): Promise<{ claims: Claim[]; more: boolean }> {
  const { now, lease, leaseMs, limit } = options;
  const tx = db.transaction(['deliveries', 'webhookEndpoints', 'outbox'], 'readwrite');
  const deliveries = tx.objectStore('deliveries');
  const rows = await deliveries.index('byDue').getAll(IDBKeyRange.upperBound(now), limit);
  const claims: Claim[] = [];
  for (const row of rows) {
    const parsed = DeliveryRecord.safeParse(row);
    if (!parsed.success) {
      await deliveries.put(toDead(row as DeliveryRecord, now, 'This delivery’s stored record is damaged.'));
      continue;
    }
    const delivery = parsed.data;
    const endpoint = WebhookEndpointRecord.safeParse(
      await tx.objectStore('webhookEndpoints').get(delivery.endpointId),
    );
    if (!endpoint.success) {
      await deliveries.delete(delivery.id);
      continue;
    }
    if (!endpoint.data.enabled) {
      const why = endpoint.data.disabledReason ? ` (${endpoint.data.disabledReason})` : '';
      await deliveries.put(toDead(delivery, now, `The endpoint is disabled${why}. Enable it and replay.`));
      continue;
    }
    const stored = OutboxRecord.safeParse(await tx.objectStore('outbox').get(delivery.eventId));
    const event = stored.success ? safeEvent(stored.data.event) : undefined;
    if (!event) {
      await deliveries.put(toDead(delivery, now, 'The event could not be read back from storage.'));
      continue;
    }
    const leased = { ...delivery, lease, dueAt: now + leaseMs };
    await deliveries.put(leased);
    claims.push({ delivery: leased, endpoint: endpoint.data, event });
  }
  await tx.done;
  return { claims, more: rows.length === limit };
}

/** What completing an attempt came to: its new status, or `lost` when another attempt holds it now. */
export type Completion = 'delivered' | 'pending' | 'dead' | 'endpoint-gone' | 'lost';

/**
 * Stores an attempt's outcome, if the lease is still this attempt's: delivered, pending again
 * at the schedule's next time, or dead with the reason; a 410 disables the endpoint as well.
 */
export async function completeAttempt(
  db: Db,
  claim: Claim,
  outcome: AttemptOutcome,
  now: number,
  random: number,
): Promise<Completion> {
  const tx = db.transaction(['deliveries', 'webhookEndpoints'], 'readwrite');
  const found = await tx.objectStore('deliveries').get(claim.delivery.id);
  if (!found || found.status !== 'pending' || found.lease !== claim.delivery.lease) {
    await tx.done;
    return 'lost';
  }
  const state = nextAttempt(
    { status: 'pending', attempts: found.attempts, nextAt: now },
    outcome,
    now,
    random,
  );
  const base = { ...found, attempts: state.attempts, lease: undefined, dueAt: undefined };
  let next: DeliveryRecord;
  switch (state.status) {
    case 'delivered':
      next = { ...base, status: 'delivered', deliveredAt: now, lastError: undefined };
      break;
    case 'pending':
      next = { ...base, status: 'pending', dueAt: state.nextAt, lastError: state.lastError };
      break;
    case 'dead':
    case 'endpoint-gone':
      next = toDead(base, now, state.reason);
      break;
  }
  await tx.objectStore('deliveries').put(stripUndefined(next));
  if (state.status === 'endpoint-gone') {
    const endpoint = await tx.objectStore('webhookEndpoints').get(found.endpointId);
    if (endpoint) {
      await tx
        .objectStore('webhookEndpoints')
        .put({ ...endpoint, enabled: false, disabledReason: state.reason.slice(0, 500) });
    }
  }
  await tx.done;
  return state.status;
}

/** The earliest time a delivery is due (or its lease ends), if any is pending. */
export async function nextDueAt(db: Db): Promise<number | undefined> {
  const cursor = await db.transaction('deliveries').store.index('byDue').openCursor();
  return cursor?.value.dueAt;
}

/** How long delivered deliveries, and events with nothing left to deliver, are kept. */
export const KEEP_FINISHED_MS = 7 * 24 * 3_600_000;
const PRUNE_BATCH = 500;

/**
 * Removes deliveries delivered before `now - keepMs`, and events from before then that are
 * fanned out and have no delivery left (a dead letter keeps its event, for replay). Bounded per
 * call; the next pass takes the rest.
 */
export async function pruneFinished(db: Db, now: number, keepMs = KEEP_FINISHED_MS): Promise<number> {
  const cutoff = IDBKeyRange.upperBound(now - keepMs);
  const tx = db.transaction(['deliveries', 'outbox', 'webhookEndpoints'], 'readwrite');
  const deliveries = tx.objectStore('deliveries');
  const done = await deliveries.index('byDelivered').getAllKeys(cutoff, PRUNE_BATCH);
  await Promise.all(done.map((key) => deliveries.delete(key)));
  const endpoints = await tx.objectStore('webhookEndpoints').getAllKeys();
  const old = await tx.objectStore('outbox').index('byTime').getAll(cutoff, PRUNE_BATCH);
  let removed = done.length;
  for (const row of old) {
    if (row.pendingAt !== undefined) continue;
    const left = await Promise.all(endpoints.map((ep) => deliveries.getKey(deliveryId(ep, row.id))));
    if (left.some((key) => key !== undefined)) continue;
    await tx.objectStore('outbox').delete(row.id);
    removed++;
  }
  await tx.done;
  return removed;
}

/** Puts a dead letter back to pending, due now, under the same idempotency key. */
export async function replayDeadLetter(db: Db, id: string, now: number): Promise<DeliveryRecord> {
  const tx = db.transaction('deliveries', 'readwrite');
  const found = await tx.store.get(id);
  if (!found || found.status !== 'dead') throw new Error('That dead letter is no longer there.');
  const replayed = stripUndefined({
    ...found,
    status: 'pending' as const,
    attempts: 0,
    dueAt: now,
    deadAt: undefined,
    reason: undefined,
    lastError: found.reason,
    replays: (found.replays ?? 0) + 1,
  });
  await tx.store.put(replayed);
  await tx.done;
  return replayed;
}

/** Every dead letter, newest first, with its event's type. */
export async function listDeadLetters(
  db: Db,
): Promise<{ delivery: DeliveryRecord; eventType: string; occurredAt?: number }[]> {
  const tx = db.transaction(['deliveries', 'outbox']);
  const rows = parseAll(await tx.objectStore('deliveries').index('byDead').getAll(), DeliveryRecord);
  const out = [];
  for (const delivery of rows.reverse()) {
    const stored = OutboxRecord.safeParse(await tx.objectStore('outbox').get(delivery.eventId));
    const event = stored.success ? safeEvent(stored.data.event) : undefined;
    out.push({ delivery, eventType: event?.type ?? 'unreadable', occurredAt: event?.occurredAt });
  }
  await tx.done;
  return out;
}

function toDead(delivery: DeliveryRecord, now: number, reason: string): DeliveryRecord {
  return stripUndefined({
    ...delivery,
    status: 'dead',
    lease: undefined,
    dueAt: undefined,
    deadAt: now,
    reason: reason.slice(0, 1000),
  });
}

// Finished fields are removed, not stored as undefined: the stored record says only what holds.
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function safeEvent(value: unknown): HearthEvent | undefined {
  try {
    return parseEvent(value);
  } catch {
    return undefined;
  }
}

function parseAll<T>(
  rows: unknown[],
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
): T[] {
  return rows.flatMap((row) => {
    const parsed = schema.safeParse(row);
    return parsed.success ? [parsed.data as T] : [];
  });
}
