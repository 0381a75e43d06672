import { beforeEach, describe, expect, it } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { openHearthDb } from '../db/open';
import type { HearthDB } from '../db/schema';
import type { MemoryRecord } from './records';
import { createMemoryManagerService, type MemoryManagerService } from './memory-manager-service';
import { createMemoryStore, type MemoryStore } from './memory-store';
import { createVectorStore } from './vector/vector-store';

/** The fields an edit and a pin change (as components/memory/use-undo.ts lists them). */
const EDIT_FIELDS: (keyof MemoryRecord)[] = ['text', 'textKey', 'kind', 'importance'];
const PIN_FIELDS: (keyof MemoryRecord)[] = ['pinned', 'pinnedAt'];

let db: IDBPDatabase<HearthDB>;
let store: MemoryStore;
let service: MemoryManagerService;
let n = 0;

beforeEach(async () => {
  db = await openHearthDb({ name: `memory-manager-service-test-${n++}` });
  store = createMemoryStore(db);
  service = createMemoryManagerService(db);
});

const add = async (text: string) =>
  (await store.add({ text, kind: 'user-fact', provenance: { type: 'messages', messageIds: [text] } })).record;

describe('loading', () => {
  it('reads every memory page by page', async () => {
    for (let i = 0; i < 23; i++) await add(`fact ${i}`);
    const seen: number[] = [];
    const all = await service.loadAll({ page: 5, onProgress: (k) => seen.push(k) });
    expect(all).toHaveLength(23);
    expect(new Set(all.map((r) => r.id)).size).toBe(23);
    expect(seen).toEqual([5, 10, 15, 20, 23]);
  });
});

describe('the newest first', () => {
  it('reads the newest memories by creation time, newest first, however their ids sort', async () => {
    const day = 86_400_000;
    for (let i = 0; i < 12; i++) {
      await store.add({
        id: `id-${(i * 7) % 12}`,
        text: `fact ${i}`,
        kind: 'user-fact',
        provenance: { type: 'messages', messageIds: [`m${i}`] },
        createdAt: Date.UTC(2024, 0, 1) + i * day,
      });
    }
    const newest = await service.loadNewest(5);
    expect(newest.map((r) => r.text)).toEqual(['fact 11', 'fact 10', 'fact 9', 'fact 8', 'fact 7']);
    expect(await service.loadNewest(50)).toHaveLength(12);
  });
});

describe('forget and undo', () => {
  it('returns the records as stored and puts them back by id', async () => {
    const a = await add('likes tea');
    const b = await add('likes rain');
    await store.touch([a.id]);
    const gone = await service.forget([a.id, b.id, 'missing']);
    expect(gone.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(gone.find((r) => r.id === a.id)?.accessCount).toBe(1);
    expect(await store.count()).toBe(0);
    const c = await add('likes snow'); // the panel keeps writing meanwhile
    expect(await service.restoreForgotten(gone)).toHaveLength(2);
    expect(await store.get(a.id)).toEqual(gone.find((r) => r.id === a.id));
    expect(await store.get(c.id)).toEqual(c);
  });

  it('deletes the vector with the memory, and an undone memory is marked for embedding again', async () => {
    const a = await add('likes tea');
    const vectors = createVectorStore(db);
    await vectors.put('model@q8', [{ id: a.id, vector: Float32Array.of(1, 2, 3, 4) }]);
    await store.markEmbedded([a.id], 'model@q8');
    const gone = await service.forget([a.id]);
    expect((await vectors.stats('model@q8')).vectors).toBe(0);
    await service.restoreForgotten(gone);
    const back = await store.get(a.id);
    expect(back?.text).toBe('likes tea');
    expect(back?.embedderId).toBeUndefined();
  });

  it('leaves a memory that exists again alone', async () => {
    const a = await add('likes tea');
    const [gone] = await service.forget([a.id]);
    await db.put('memories', { ...a, text: 'likes green tea' });
    expect(await service.restoreForgotten(gone ? [gone] : [])).toEqual([]);
    expect((await store.get(a.id))?.text).toBe('likes green tea');
  });
});

describe('undoing edits and pins', () => {
  it('restores only the edited fields, keeping what changed meanwhile', async () => {
    const before = await add('likes tea');
    await store.update(before.id, { text: 'likes coffee', importance: 0.9, kind: 'preference' });
    await store.touch([before.id]); // the panel used the memory meanwhile
    await store.pin(before.id);
    await service.restoreFields([before], EDIT_FIELDS);
    const now = await store.get(before.id);
    expect(now).toMatchObject({
      text: 'likes tea',
      textKey: before.textKey,
      importance: 0.5,
      kind: 'user-fact',
    });
    expect(now).toMatchObject({ accessCount: 1, pinned: true });
  });

  it('unpins again, dropping pinnedAt', async () => {
    const before = await add('likes tea');
    await store.pin(before.id);
    await service.restoreFields([before], PIN_FIELDS);
    const now = await store.get(before.id);
    expect(now?.pinned).toBe(false);
    expect(now && 'pinnedAt' in now).toBe(false);
  });

  it('skips memories forgotten meanwhile', async () => {
    const before = await add('likes tea');
    await store.forget(before.id);
    expect(await service.restoreFields([before], EDIT_FIELDS)).toEqual([]);
    expect(await store.get(before.id)).toBeUndefined();
  });
});

describe('reading for the manager', () => {
  it('reads some memories again by id, and the titles of the chats rows cite', async () => {
    const a = await add('likes tea');
    const read = await service.read([a.id, 'missing']);
    expect(read.get(a.id)).toEqual(a);
    expect(read.has('missing') && read.get('missing')).toBeUndefined();
    await db.put('conversations', {
      id: 'c1',
      title: 'Tea talk',
      personaId: 'p',
      createdAt: 1,
      updatedAt: 1,
    } as never);
    expect(await service.conversationTitles()).toEqual(new Map([['c1', 'Tea talk']]));
  });

  it('pins and edits through the store', async () => {
    const a = await add('likes tea');
    expect((await service.pin(a.id, true)).pinned).toBe(true);
    expect((await service.update(a.id, { text: 'likes green tea' })).text).toBe('likes green tea');
  });
});
