import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { openHearthDb } from '../open';
import { DB_VERSION, migrations } from './index';
import { StorageError } from '../errors';
import type { Migration } from './types';
import type { MemoryRecord } from '../../memory/records';
import { STORED_MEMORY } from './test-records';

let counter = 0;
const freshName = () => `migrations-test-${Date.now()}-${counter++}`;

/** Rows exactly as version 1 wrote them. */
const v1Rows = {
  conversation: { id: 'c1', title: 'First chat', personaId: 'p1', createdAt: 1000, updatedAt: 2000 },
  messages: [
    {
      id: 'm1',
      conversationId: 'c1',
      seq: 0,
      role: 'user',
      content: 'I love hiking.',
      createdAt: 1000,
      status: 'complete',
    },
    {
      id: 'm2',
      conversationId: 'c1',
      seq: 1,
      role: 'assistant',
      content: 'Where do you hike?',
      createdAt: 1500,
      status: 'complete',
      engine: 'openai',
      model: 'llama',
    },
  ],
  persona: {
    id: 'p1',
    name: 'Ember',
    description: 'warm',
    personality: 'kind',
    greeting: 'Hi',
    speakingStyle: 'plain',
    createdAt: 1,
    updatedAt: 1,
  },
};

async function writeV1(name: string): Promise<void> {
  const db = await openHearthDb({ name, version: 1 });
  expect(db.version).toBe(1);
  expect([...db.objectStoreNames].sort()).toEqual(['conversations', 'messages', 'personas']);
  const tx = db.transaction(['conversations', 'messages', 'personas'], 'readwrite');
  await tx.objectStore('conversations').put(v1Rows.conversation);
  for (const m of v1Rows.messages) await tx.objectStore('messages').put(m as never);
  await tx.objectStore('personas').put(v1Rows.persona as never);
  await tx.done;
  db.close();
}

const memory: MemoryRecord = STORED_MEMORY;

afterEach(() => {
  vi.doUnmock('./index');
  vi.resetModules();
});

describe('migration 002: memories', () => {
  it('upgrades a version 1 database with its data intact and a working memories store', async () => {
    const name = freshName();
    await writeV1(name);

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(migrations.at(-1)!.version);
    expect(db.objectStoreNames.contains('memories')).toBe(true);
    expect(await db.get('conversations', 'c1')).toEqual(v1Rows.conversation);
    expect(await db.getAllFromIndex('messages', 'byConversation')).toEqual(v1Rows.messages);
    expect(await db.get('personas', 'p1')).toMatchObject(v1Rows.persona);

    await db.put('memories', { ...memory });
    await db.put('memories', { ...memory, id: 'mem2', pinned: true, pinnedAt: 5, site: 'example.com' });
    expect(await db.get('memories', 'mem1')).toEqual(memory);
    expect(await db.getAllKeysFromIndex('memories', 'bySourceMessage', 'm1')).toEqual(['mem1', 'mem2']);
    expect(await db.getAllKeysFromIndex('memories', 'byPinnedAt')).toEqual(['mem2']);
    expect(await db.getAllKeysFromIndex('memories', 'bySite')).toEqual(['mem2']);
    expect(
      await db.getAllKeysFromIndex(
        'memories',
        'byKind',
        IDBKeyRange.bound(['preference', 0], ['preference', 2000]),
      ),
    ).toEqual(['mem1', 'mem2']);
    expect(await db.getAllKeysFromIndex('memories', 'byTextKey', 'k')).toEqual(['mem1', 'mem2']);
    db.close();
  });

  it('a failing migration leaves the database at the old version, data intact', async () => {
    const name = freshName();
    await writeV1(name);

    const failing: Migration = {
      version: DB_VERSION + 1,
      description: 'always fails',
      migrate(db, tx) {
        // open.ts leaves the aborted upgrade transaction's `done` unobserved; observe it
        // here so the test run does not count an unhandled rejection.
        tx.done.catch(() => undefined);
        db.createObjectStore('doomed');
        throw new Error('boom');
      },
    };
    vi.doMock('./index', () => ({ migrations: [...migrations, failing], DB_VERSION: DB_VERSION + 1 }));
    vi.resetModules();
    const { openHearthDb: openWithFailure } = await import('../open');
    const { StorageError: FreshStorageError } = await import('../errors');
    const error = await openWithFailure({ name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FreshStorageError);
    expect((error as StorageError).kind).toBe('migration');
    expect((error as StorageError).message).toMatch(/always fails/);

    // Raw open (no version) shows what is on disk: still version 1, no half-made stores.
    const raw = await openDB(name);
    expect(raw.version).toBe(1);
    expect([...raw.objectStoreNames].sort()).toEqual(['conversations', 'messages', 'personas']);
    expect(await raw.get('conversations', 'c1')).toEqual(v1Rows.conversation);
    expect(await raw.count('messages')).toBe(2);
    raw.close();
  });

  it('opening with an older build gives a downgrade error and changes nothing', async () => {
    const name = freshName();
    const db = await openHearthDb({ name });
    await db.put('memories', { ...memory });
    db.close();

    const error = await openHearthDb({ name, version: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('downgrade');

    const again = await openHearthDb({ name });
    expect(await again.get('memories', 'mem1')).toEqual(memory);
    again.close();
  });
});
