import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../open';
import { DB_VERSION } from './index';
import { STORED_MEMORY } from './test-records';
import { createMemoryStore } from '../../memory/memory-store';
import { readOutbox } from '../../events/outbox-store';

const freshName = () => `migration-007-test-${crypto.randomUUID()}`;

describe('migration 007: outbox', () => {
  it('upgrades a version 5 database with its data intact and empty outbox, endpoint and delivery stores', async () => {
    const name = freshName();
    const v5 = await openHearthDb({ name, version: 5 });
    expect(v5.objectStoreNames.contains('outbox' as never)).toBe(false);
    await v5.put('memories', { ...STORED_MEMORY });
    await v5.put('moodStates', { personaId: 'p1', seq: 3 } as never);
    v5.close();

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(7);
    // Migration 006 adds the memory's owner; everything else is as stored.
    expect(await db.get('memories', 'mem1')).toMatchObject(STORED_MEMORY);
    expect(await db.get('moodStates', 'p1')).toEqual({ personaId: 'p1', seq: 3 });
    for (const store of ['outbox', 'webhookEndpoints', 'deliveries'] as const) {
      expect(await db.count(store)).toBe(0);
    }
    expect([...db.transaction('deliveries').store.indexNames].sort()).toEqual([
      'byDead',
      'byDelivered',
      'byDue',
      'byEndpoint',
    ]);

    // The upgraded database takes events with its changes at once.
    await createMemoryStore(db, { newId: () => 'mem2' }).forget('mem1');
    const { events } = await readOutbox(db);
    expect(events.map((e) => [e.type, e.data])).toEqual([['memory.forgotten', { memoryId: 'mem1' }]]);
    db.close();
  });

  it('a store written before 007 (a test database at version 5) still works, without events', async () => {
    const db = await openHearthDb({ name: freshName(), version: 5 });
    const { created } = await createMemoryStore(db).add({
      text: 'The user likes tea.',
      kind: 'preference',
      provenance: { type: 'messages', messageIds: ['m1'] },
    });
    expect(created).toBe(true);
    db.close();
  });
});
