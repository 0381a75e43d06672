import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { openHearthDb } from '../../db/open';
import type { HearthDB } from '../../db/schema';
import { createMemoryStore } from '../../memory/memory-store';
import { createWebhookService } from '../../events/webhook-service';
import { readOutbox } from '../../events/outbox-store';
import { DeliveryRecord } from '../../events/outbox-records';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver';
import {
  alarmSchedule,
  createOutboxProcessor,
  LEASE_MS,
  MIN_ALARM_DELAY_MS,
  OUTBOX_ALARM,
} from './outbox-processor';
import { createBackgroundService } from './handlers';
import { memoryArea } from './fakes';

let receiver: WebhookReceiver;
let db: IDBPDatabase<HearthDB>;
let t: number;
const alarms: (number | null)[] = [];
/** Answers that reached the receiver but that a killed processor never saw. */
let withheld = 0;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  db = await openHearthDb({ name: `outbox-processor-${crypto.randomUUID()}` });
  t = Date.now();
  alarms.length = 0;
  withheld = 0;
});
afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await receiver.close();
});

const service = () =>
  createWebhookService({ db, now: () => t, fetch, kick: () => {}, random: (b) => crypto.getRandomValues(b) });

/** A processor whose fetch dies (never answers again) at its `killAt`-th request. */
function processor(options: { killAt?: number; afterSend?: boolean; random?: number; batch?: number } = {}) {
  let calls = 0;
  let dead = false;
  const hang = () => new Promise<Response>(() => {});
  const killable: typeof fetch = async (input, init) => {
    calls++;
    if (calls === options.killAt) dead = true;
    if (dead && !options.afterSend) return hang(); // killed before the request left
    const res = await fetch(input, init);
    if (dead) withheld++;
    return dead ? hang() : res; // killed after the receiver got it, before Hearth saw the answer
  };
  return createOutboxProcessor({
    db: async () => db,
    fetch: killable,
    now: () => t,
    random: () => options.random ?? 0.5,
    schedule: (at) => void alarms.push(at),
    timeoutMs: 2_000,
    batch: options.batch,
  });
}

async function addMemories(n: number): Promise<void> {
  let i = 0;
  const store = createMemoryStore(db, { newId: () => `mem${i++}`, now: () => t });
  for (let k = 0; k < n; k++) {
    await store.add({
      text: `Fact ${k}`,
      kind: 'preference',
      provenance: { type: 'messages', messageIds: ['m'] },
    });
  }
}

async function deliveries(): Promise<DeliveryRecord[]> {
  return (await db.getAll('deliveries')).map((row) => DeliveryRecord.parse(row));
}

/** Checks each request's signature with standardwebhooks, at the time it was signed. */
function verifyAll(secret: string): unknown[] {
  return receiver.requests.map((req) => {
    vi.spyOn(Date, 'now').mockReturnValue(Number(req.headers['webhook-timestamp']) * 1000);
    const body = new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
    vi.restoreAllMocks();
    return body;
  });
}

describe('the outbox processor', () => {
  it('delivers each event once to each endpoint that opted in, signed, and sets no alarm when done', async () => {
    const { secret } = await service().add({ url: `${receiver.url}/a`, eventTypes: ['memory.created'] });
    await service().add({ url: `${receiver.url}/b`, eventTypes: ['memory.forgotten'] });
    await addMemories(3);
    const attempts = await processor().run();
    expect(attempts.map((a) => a.result)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/a', '/a', '/a']);
    const bodies = verifyAll(secret) as { type: string; data: { memoryId: string } }[];
    expect(bodies.map((b) => [b.type, b.data.memoryId]).sort()).toEqual([
      ['memory.created', 'mem0'],
      ['memory.created', 'mem1'],
      ['memory.created', 'mem2'],
    ]);
    expect(alarms.at(-1)).toBeNull();
    expect(await processor().run()).toEqual([]); // nothing is sent twice
    expect(receiver.requests).toHaveLength(3);
  });

  it('retries a failure on the schedule, no sooner than 30 s (one alarm), honouring Retry-After', async () => {
    await service().add({ url: receiver.url, eventTypes: ['memory.created'] });
    await addMemories(1);
    receiver.enqueue(
      { kind: 'status', status: 503, headers: { 'retry-after': '120' } },
      { kind: 'status', status: 500 },
    );
    await processor().run();
    const [first] = await deliveries();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, dueAt: t + 120_000 });
    expect(alarms.at(-1)).toBe(t + 120_000);
    t += 120_000;
    await processor().run();
    const [second] = await deliveries();
    expect(second).toMatchObject({ status: 'pending', attempts: 2, dueAt: t + 300_000 }); // 5 min, no jitter at 0.5
    t += 1_000;
    await processor().run();
    expect(alarms.at(-1)).toBe(t + 299_000); // the one alarm, for the next due time
    t += 299_000;
    await processor().run();
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('never sets the alarm sooner than 30 s, even for the spec’s 5 s first retry', async () => {
    await service().add({ url: receiver.url, eventTypes: ['memory.created'] });
    await addMemories(1);
    receiver.enqueue({ kind: 'status', status: 500 });
    await processor().run();
    expect((await deliveries())[0]!.dueAt).toBe(t + 5_000);
    expect(alarms.at(-1)).toBe(t + MIN_ALARM_DELAY_MS);
  });

  it('a 410 disables the endpoint; its other deliveries become dead letters with the reason', async () => {
    const webhooks = service();
    const { endpoint } = await webhooks.add({ url: receiver.url, eventTypes: ['memory.created'] });
    await addMemories(2);
    receiver.enqueue({ kind: 'status', status: 410, body: 'gone for good' });
    await processor({ batch: 1 }).run();
    const [listed] = await webhooks.list();
    expect(listed).toMatchObject({ id: endpoint.id, enabled: false });
    expect(listed!.disabledReason).toMatch(/410/);
    const dead = await webhooks.deadLetters();
    expect(dead).toHaveLength(2);
    expect(dead.map((d) => d.reason).sort()).toEqual([
      expect.stringMatching(/^The endpoint is disabled \(The receiver answered 410/),
      expect.stringMatching(/^The receiver answered 410 Gone \(gone for good\): the endpoint was disabled/),
    ]);
    expect(receiver.requests).toHaveLength(1);
  });

  it('redirects are dead letters, not followed; replay sends again under the same key once fixed', async () => {
    const webhooks = service();
    await webhooks.add({ url: receiver.url, eventTypes: ['memory.created'] });
    await addMemories(1);
    receiver.enqueue({ kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' });
    await processor().run();
    const [letter] = await webhooks.deadLetters();
    expect(letter!.reason).toMatch(/redirect/i);
    expect(receiver.requests).toHaveLength(1);
    await webhooks.replay(letter!.id);
    await processor().run();
    expect(await webhooks.deadLetters()).toEqual([]);
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', replays: 1 });
    const keys = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(keys).toEqual([letter!.idempotencyKey, letter!.idempotencyKey]);
  });

  it('killed mid-batch many times: no event lost, and none applied twice under the same key', async () => {
    const { secret } = await service().add({ url: receiver.url, eventTypes: ['memory.created'] });
    await addMemories(24);
    // Some failures too, so kills also land between retries.
    receiver.enqueue(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 200 },
      { kind: 'status', status: 503 },
    );
    let killsAfterSend = 0;
    for (let round = 0; round < 40; round++) {
      const afterSend = round % 2 === 1;
      const killAt = 1 + (round % 5);
      const attempt = processor({ killAt, afterSend, random: (round % 10) / 10 }).run();
      // The killed processor never finishes; wait until its kill point was reached or it is done.
      const settled = await Promise.race([attempt.then(() => 'done'), waitForRequests(killAt, afterSend)]);
      if (settled === 'done') break;
      if (afterSend) killsAfterSend++;
      t += LEASE_MS + 1; // the dead attempt's lease expires
      const due = (await deliveries()).filter((d) => d.status === 'pending').map((d) => d.dueAt!);
      if (due.length) t = Math.max(t, Math.min(...due));
    }
    // A last, unkilled processor finishes whatever is left.
    for (let i = 0; i < 10 && (await deliveries()).some((d) => d.status === 'pending'); i++) {
      t += LEASE_MS + 3_600_000;
      await processor().run();
    }
    const events = (await readOutbox(db)).events;
    expect(events).toHaveLength(24);
    expect((await deliveries()).map((d) => d.status)).toEqual(new Array(24).fill('delivered'));

    const bodies = verifyAll(secret) as { idempotencyKey: string; id: string }[];
    const byKey = new Map<string, string[]>();
    receiver.requests.forEach((req, i) => {
      const key = String(req.headers['webhook-id']);
      expect(bodies[i]!.idempotencyKey).toBe(key);
      byKey.set(key, [...(byKey.get(key) ?? []), req.body.toString('utf8')]);
    });
    // Every event arrived; a receiver deduplicating on webhook-id applies each exactly once.
    expect([...byKey.keys()].sort()).toEqual(events.map((e) => e.idempotencyKey).sort());
    // A repeat is always the same event under the same key...
    for (const sent of byKey.values()) expect(new Set(sent.map((b) => JSON.parse(b).id)).size).toBe(1);
    // ...and only an answer a killed worker never saw (or a failure status) ever causes one.
    const repeats = receiver.requests.length - byKey.size;
    expect(killsAfterSend).toBeGreaterThan(5);
    expect(withheld).toBeGreaterThan(0);
    expect(repeats).toBeLessThanOrEqual(withheld + 2);
  });
});

/** Resolves once the receiver has seen enough requests for a kill to have happened (or soon after). */
function waitForRequests(killAt: number, afterSend: boolean): Promise<'killed'> {
  const start = receiver.requests.length;
  const need = afterSend ? killAt : killAt - 1;
  return new Promise((resolve) => {
    const check = () => {
      if (receiver.requests.length - start >= need) setTimeout(() => resolve('killed'), 50);
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('wiring', () => {
  it('one named alarm: set for the next due time, cleared when nothing waits', async () => {
    const calls: unknown[] = [];
    const schedule = alarmSchedule({
      create: (name, info) => void calls.push(['create', name, info.when]),
      clear: (name) => void calls.push(['clear', name]),
    });
    await schedule(42_000);
    await schedule(null);
    expect(calls).toEqual([
      ['create', OUTBOX_ALARM, 42_000],
      ['clear', OUTBOX_ALARM],
    ]);
  });

  it('outbox/kick starts a delivery pass in the background and answers at once', async () => {
    await service().add({ url: receiver.url, eventTypes: ['memory.created'] });
    await addMemories(1);
    const outbox = processor();
    const background = createBackgroundService({
      session: memoryArea(),
      local: memoryArea(),
      tabs: { get: async () => null, activeTabId: async () => undefined },
      changes: { publish: () => {} },
      now: () => t,
      version: '1',
      outbox,
    });
    expect(await background.handlers['outbox/kick']({}, { kind: 'extension' } as never)).toEqual({
      started: true,
    });
    await outbox.run(); // joins the pass the kick started
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered' });
  });
});

describe('pruning', () => {
  it('after a week, delivered deliveries and their events go; a dead letter and its event stay', async () => {
    const webhooks = service();
    await webhooks.add({ url: receiver.url, eventTypes: ['memory.created'] });
    await addMemories(2);
    receiver.enqueue({ kind: 'status', status: 400 }); // one dead letter
    await processor({ batch: 1 }).run();
    expect((await deliveries()).map((d) => d.status).sort()).toEqual(['dead', 'delivered']);
    await processor().run();
    expect(await db.count('outbox')).toBe(2); // within the week: kept
    t += 7 * 24 * 3_600_000 + 1;
    await processor().run();
    expect((await deliveries()).map((d) => d.status)).toEqual(['dead']);
    const [kept] = await db.getAll('outbox');
    expect(kept!.id).toBe((await deliveries())[0]!.eventId);
    expect(await webhooks.deadLetters()).toHaveLength(1);
  });
});
