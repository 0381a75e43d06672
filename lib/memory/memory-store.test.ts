import { beforeEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createMemoryStore, type MemoryStore } from './memory-store';
import { createVectorStore } from './vector/vector-store';
import type { NewMemory } from './records';

let counter = 0;
let clock = 1_000;
let store: MemoryStore;

const fromMessage = (text: string, messageId: string, extra: Partial<NewMemory> = {}): NewMemory => ({
  text,
  kind: 'episode',
  provenance: { type: 'messages', messageIds: [messageId] },
  ...extra,
});

beforeEach(async () => {
  clock = 1_000;
  let ids = 0;
  const db = await openHearthDb({ name: `memory-store-test-${counter++}` });
  store = createMemoryStore(db, { now: () => clock, newId: () => `id${ids++}` });
});

describe('memory store', () => {
  it('adds with defaults and reads back', async () => {
    const { record, created } = await store.add(
      fromMessage('I love hiking.', 'm1', { conversationId: 'c1' }),
    );
    expect(created).toBe(true);
    expect(record).toMatchObject({
      id: 'id0',
      kind: 'episode',
      createdAt: 1000,
      validFrom: 1000,
      importance: 0.5,
      pinned: false,
      accessCount: 0,
      emotion: { valence: 0, arousal: 0 },
    });
    expect(await store.get('id0')).toEqual(record);
    expect(await store.getMany(['id0', 'nope'])).toEqual([record, undefined]);
  });

  it('dedupes identical text of the same kind, merging provenance', async () => {
    await store.add(fromMessage('I love hiking.', 'm1'));
    const again = await store.add(fromMessage('  i LOVE   hiking. ', 'm7', { importance: 0.9 }));
    expect(again.created).toBe(false);
    expect(again.record.provenance).toEqual({ type: 'messages', messageIds: ['m1', 'm7'] });
    expect(again.record.importance).toBe(0.9);
    const other = await store.add(fromMessage('I love hiking.', 'm1', { kind: 'preference' }));
    expect(other.created).toBe(true);
    expect(await store.count()).toBe(2);
  });

  it('writes many in one transaction, deduping within the batch', async () => {
    const results = await store.addMany([
      fromMessage('a', 'm1'),
      fromMessage('b', 'm2'),
      fromMessage('A', 'm3'),
    ]);
    expect(results.map((r) => r.created)).toEqual([true, true, false]);
    expect(results[2]?.record.id).toBe(results[0]?.record.id);
    expect(await store.count()).toBe(2);
  });

  it('supersedes a fact, keeping the old one closed', async () => {
    const { record: old } = await store.add(fromMessage('My dog is Rex.', 'm1', { kind: 'user-fact' }));
    clock = 5_000;
    const { old: closed, record } = await store.supersede(
      old.id,
      fromMessage('My dog is Max.', 'm2', { kind: 'user-fact' }),
    );
    expect(closed).toMatchObject({ validUntil: 5000, supersededBy: record.id });
    expect((await store.list()).map((r) => r.text)).toEqual(['My dog is Max.']);
    expect((await store.list({ includeSuperseded: true })).length).toBe(2);
    // A superseded memory does not swallow a new identical one.
    expect((await store.add(fromMessage('My dog is Rex.', 'm3', { kind: 'user-fact' }))).created).toBe(true);
  });

  it('lists with filters: kind, site, date range, pinned, order', async () => {
    await store.add(fromMessage('one', 'm1'));
    clock = 2_000;
    await store.add({
      text: 'a page',
      kind: 'page',
      provenance: { type: 'page', url: 'https://news.example.com/a' },
    });
    clock = 3_000;
    const { record: pref } = await store.add(fromMessage('likes tea', 'm2', { kind: 'preference' }));
    await store.pin(pref.id);

    expect((await store.list()).map((r) => r.text)).toEqual(['likes tea', 'a page', 'one']);
    expect((await store.list({ order: 'oldest', limit: 2 })).map((r) => r.text)).toEqual(['one', 'a page']);
    expect((await store.list({ kind: 'page' }))[0]?.site).toBe('news.example.com');
    expect((await store.list({ site: 'news.example.com' })).length).toBe(1);
    expect((await store.list({ kind: ['episode', 'preference'] })).length).toBe(2);
    expect((await store.list({ from: 1_500, to: 3_000 })).map((r) => r.text)).toEqual(['a page']);
    expect((await store.list({ pinned: true })).map((r) => r.text)).toEqual(['likes tea']);
    expect((await store.list({ pinned: false })).length).toBe(2);
    expect(await store.count({ kind: 'episode' })).toBe(1);
  });

  it('pins, unpins, updates, touches and forgets', async () => {
    const { record } = await store.add(fromMessage('remember me', 'm1'));
    clock = 2_000;
    expect(await store.pin(record.id)).toMatchObject({ pinned: true, pinnedAt: 2000 });
    expect(await store.pin(record.id, false)).toMatchObject({ pinned: false, pinnedAt: undefined });
    const updated = await store.update(record.id, { text: 'remember me well', importance: 0.8 });
    expect(updated).toMatchObject({ text: 'remember me well', importance: 0.8, updatedAt: 2000 });
    await store.touch([record.id, record.id, 'gone']);
    expect(await store.get(record.id)).toMatchObject({ accessCount: 1, lastAccessedAt: 2000 });
    expect(await store.forget([record.id, 'gone'])).toEqual([record.id]);
    expect(await store.count()).toBe(0);
    await expect(store.update('gone', { importance: 1 })).rejects.toMatchObject({ name: 'StorageError' });
  });

  it('forgets everything from a site or a period', async () => {
    await store.add({ text: 'p1', kind: 'page', provenance: { type: 'page', url: 'https://a.example/1' } });
    await store.add({ text: 'p2', kind: 'page', provenance: { type: 'page', url: 'https://b.example/1' } });
    clock = 9_000;
    await store.add(fromMessage('late', 'm1'));
    expect(await store.forgetWhere({ site: 'a.example' })).toHaveLength(1);
    expect(await store.forgetWhere({ from: 8_000 })).toHaveLength(1);
    expect((await store.list()).map((r) => r.text)).toEqual(['p2']);
  });

  it('rejects invalid memories with a validation error', async () => {
    await expect(store.add(fromMessage('x', 'm1', { importance: 2 }))).rejects.toThrow();
    await expect(
      store.add({ text: ' ', kind: 'episode', provenance: { type: 'messages', messageIds: ['m'] } }),
    ).rejects.toThrow();
  });
});

describe('forgetting deletes vectors at once', () => {
  const vector = (seed: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed + i));

  it('forget, take and forgetWhere delete the memories’ vectors of every embedder, in the same write', async () => {
    const db = await openHearthDb({ name: `memory-store-vectors-${counter++}` });
    const memories = createMemoryStore(db);
    const vectors = createVectorStore(db);
    const ids: string[] = [];
    for (const [i, site] of ['a.example', 'a.example', 'b.example', 'b.example'].entries()) {
      const { record } = await memories.add({
        text: `page memory ${i}`,
        kind: 'page',
        provenance: { type: 'page', url: `https://${site}/${i}` },
      });
      ids.push(record.id);
    }
    await vectors.put(
      'model-a',
      ids.map((id, i) => ({ id, vector: vector(i) })),
    );
    await vectors.put('model-b', [{ id: ids[0]!, vector: vector(9) }]);
    const stored = async (embedder: string) => [...((await vectors.load(embedder))?.keys() ?? [])].sort();

    expect(await memories.forget(ids[0]!)).toEqual([ids[0]]);
    expect(await stored('model-a')).toEqual([ids[1], ids[2], ids[3]].sort());
    expect(await stored('model-b')).toEqual([]);

    const taken = await memories.take([ids[1]!]);
    expect(taken.map((r) => r.text)).toEqual(['page memory 1']);
    expect(await stored('model-a')).toEqual([ids[2], ids[3]].sort());

    expect((await memories.forgetWhere({ site: 'b.example' })).sort()).toEqual([ids[2], ids[3]].sort());
    expect(await stored('model-a')).toEqual([]);
    expect(await memories.count({ includeSuperseded: true })).toBe(0);
  });
});
