import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { HearthDB } from '../db/schema';
import {
  createEvent,
  parseEvent,
  type EventDeps,
  type EventInput,
  type EventType,
  type HearthEvent,
} from './event-types';
import { OutboxRecord } from './outbox-records';

/**
 * The outbox (issue 10 §1): every change worth an event writes it here, in the change's own
 * transaction, so a change never exists without its event and an event never without its
 * change. The stores add `'outbox'` to their transaction (`withOutbox`) and call
 * `appendEvents` after their own writes; the background fans the events out to webhooks and
 * every context hears of them through `onOutboxCommit` once the transaction has committed.
 */

/** Any read-write transaction over Hearth's stores that includes (or may include) `outbox`. */
export type OutboxTransaction = IDBPTransaction<HearthDB, ArrayLike<StoreNames<HearthDB>>, 'readwrite'>;

/** The outbox's name, for scopes. */
export const OUTBOX_STORE = 'outbox' as const;

/**
 * `stores` plus the outbox, when this database has one. Only a test database opened at a
 * version before 007 lacks it; the extension always opens the current version.
 */
export function withOutbox<S extends StoreNames<HearthDB>>(
  db: Pick<IDBPDatabase<HearthDB>, 'objectStoreNames'>,
  stores: readonly S[],
): (S | typeof OUTBOX_STORE)[] {
  return db.objectStoreNames.contains(OUTBOX_STORE) ? [...stores, OUTBOX_STORE] : [...stores];
}

// Event times strictly increase within a context, so events read back in time order keep the
// order their changes were made in, even several within one millisecond.
let lastAt = 0;
const systemDeps: EventDeps = {
  now: () => (lastAt = Math.max(Date.now(), lastAt + 1)),
  randomBytes: (bytes) => crypto.getRandomValues(bytes),
};

type Listener = (events: readonly HearthEvent[]) => void;
const listeners = new Set<Listener>();

/**
 * Calls `listener` with the events of every outbox write of this context once its transaction
 * has committed (never for an aborted one). The background delivers on it; the pages tell the
 * background to. Returns the unsubscribe.
 */
export function onOutboxCommit(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Writes the events for `inputs` into `tx`'s outbox. Call it after the change's own writes are
 * issued: the events are made (and checked) first, and if one cannot be made the transaction is
 * aborted, so the change is not stored without it. Resolves to the events written.
 */
export async function appendEvents(
  tx: OutboxTransaction,
  inputs: readonly EventInput<EventType>[],
  deps: EventDeps = systemDeps,
): Promise<HearthEvent[]> {
  if (inputs.length === 0 || !tx.objectStoreNames.contains(OUTBOX_STORE)) return [];
  let events: HearthEvent[];
  try {
    events = inputs.map((input) => createEvent(input, deps));
    const store = (tx as unknown as IDBPTransaction<HearthDB, ['outbox'], 'readwrite'>).objectStore(
      OUTBOX_STORE,
    );
    await Promise.all(
      events.map((event, n) => store.add({ id: event.id, event, n, pendingAt: event.occurredAt })),
    );
  } catch (error) {
    // Whatever failed (a malformed event, a refused write), the change goes with it.
    abortQuietly(tx);
    throw error;
  }
  tx.done.then(
    () => listeners.forEach((listener) => listener(events)),
    () => undefined,
  );
  return events;
}

function abortQuietly(tx: OutboxTransaction): void {
  // The caller gets the first error; the transaction's own rejection is expected, not news.
  tx.done.catch(() => undefined);
  try {
    tx.abort();
  } catch {
    // Already aborted by the failed request: nothing more to undo.
  }
}

/** Every event in the outbox, oldest first; unreadable records are skipped and counted. */
export async function readOutbox(
  db: IDBPDatabase<HearthDB>,
): Promise<{ events: HearthEvent[]; unreadable: number }> {
  const rows = await db.getAll(OUTBOX_STORE);
  const read: { event: HearthEvent; n: number }[] = [];
  let unreadable = 0;
  for (const row of rows) {
    try {
      const record = OutboxRecord.parse(row);
      read.push({ event: parseEvent(record.event), n: record.n });
    } catch {
      unreadable++;
    }
  }
  read.sort((a, b) => a.event.occurredAt - b.event.occurredAt || a.n - b.n);
  const events = read.map((r) => r.event);
  return { events, unreadable };
}
