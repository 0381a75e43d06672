import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../../db/schema';
import { deliver } from '../../events/deliver';
import {
  claimDue,
  completeAttempt,
  fanOut,
  nextDueAt,
  pruneFinished,
  type Claim,
  type Completion,
} from '../../events/delivery-store';

/**
 * The background's webhook delivery (issue 10 §2): at least once, in the background, resumable.
 *
 * A pass fans new outbox events out to the endpoints, then repeatedly leases a small batch of
 * due deliveries, attempts them (deliver.ts: signed, 15 s timeout, no redirects) and stores
 * each outcome, until nothing is due; then it sets the one retry alarm for the earliest time
 * anything is due again. Everything it knows is in IndexedDB: a worker stopped mid-pass leaves
 * leases that simply expire, and the next pass (a new event, the alarm, the worker starting
 * after a browser restart) sends those deliveries again under the same idempotency key.
 */

/** Chrome fires an alarm at most every 30 s: a retry sooner than that waits for it. */
export const MIN_ALARM_DELAY_MS = 30_000;
/** How long an attempt holds its delivery: longer than the request timeout, so only a dead attempt's lease expires. */
export const LEASE_MS = 60_000;
const BATCH = 4;

/** What the processor is made from: the database, fetch, a clock, and the alarm. */
export interface OutboxProcessorDeps {
  db: () => Promise<IDBPDatabase<HearthDB>>;
  fetch: typeof fetch;
  now: () => number;
  /** In [0, 1): the retry schedule's jitter. */
  random?: () => number;
  /** Sets the one retry alarm to fire at `at` (epoch ms), or clears it (null). */
  schedule: (at: number | null) => Promise<void> | void;
  /** Told after a pass that changed something the options page shows (a dead letter, a disabled endpoint). */
  changed?: () => void;
  timeoutMs?: number;
  leaseMs?: number;
  /** Deliveries attempted at once (4). */
  batch?: number;
}

/** One finished attempt, for tests and logs. */
export interface AttemptRecord {
  deliveryId: string;
  key: string;
  result: Completion;
}

/** Creates the processor. `run()` may be called any number of times: passes never overlap. */
export function createOutboxProcessor(deps: OutboxProcessorDeps) {
  const random = deps.random ?? Math.random;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  let running: Promise<AttemptRecord[]> | null = null;
  let again = false;

  async function attempt(db: IDBPDatabase<HearthDB>, claim: Claim): Promise<AttemptRecord> {
    const { outcome } = await deliver(claim.endpoint, claim.event, {
      fetch: deps.fetch,
      now: deps.now,
      timeoutMs: deps.timeoutMs,
    });
    const result = await completeAttempt(db, claim, outcome, deps.now(), random());
    return { deliveryId: claim.delivery.id, key: claim.delivery.idempotencyKey, result };
  }

  async function pass(): Promise<AttemptRecord[]> {
    const db = await deps.db();
    await fanOut(db, deps.now());
    const done: AttemptRecord[] = [];
    for (;;) {
      const lease = `lease_${crypto.randomUUID()}`;
      const { claims, more } = await claimDue(db, {
        now: deps.now(),
        lease,
        leaseMs,
        limit: deps.batch ?? BATCH,
      });
      if (claims.length === 0 && !more) break;
      done.push(...(await Promise.all(claims.map((claim) => attempt(db, claim)))));
    }
    await pruneFinished(db, deps.now());
    const next = await nextDueAt(db);
    await deps.schedule(next === undefined ? null : Math.max(next, deps.now() + MIN_ALARM_DELAY_MS));
    if (done.some((d) => d.result === 'dead' || d.result === 'endpoint-gone')) deps.changed?.();
    return done;
  }

  return {
    /**
     * Delivers everything due now; resolves to the attempts made (by this call and any pass it
     * joined). A call during a pass makes one more pass after it, so a new event is never missed.
     */
    async run(): Promise<AttemptRecord[]> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        const all: AttemptRecord[] = [];
        do {
          again = false;
          all.push(...(await pass()));
        } while (again);
        return all;
      })();
      try {
        return await running;
      } finally {
        running = null;
      }
    },
  };
}

/** The outbox processor's interface. */
export type OutboxProcessor = ReturnType<typeof createOutboxProcessor>;

/** The name of the outbox's one retry alarm: one alarm for every delivery, far below Chrome's 500. */
export const OUTBOX_ALARM = 'hearth-outbox-retry';

/** The part of chrome.alarms the processor uses. */
export interface AlarmsLike {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<boolean> | Promise<void> | void;
}

/** `schedule` over chrome.alarms: re-setting the one named alarm replaces it. */
export function alarmSchedule(alarms: AlarmsLike, name = OUTBOX_ALARM) {
  return async (at: number | null): Promise<void> => {
    if (at === null) await alarms.clear(name);
    else await alarms.create(name, { when: at });
  };
}
