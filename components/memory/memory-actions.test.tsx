import { beforeEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../../lib/db/open';
import { createMemoryStore, type MemoryStore } from '../../lib/memory/memory-store';
import { createVectorStore } from '../../lib/memory/vector/vector-store';
import { validateEdit } from './EditMemoryDialog';
import { forgetReturning, loadAllMemories, restoreFields, restoreForgotten, type Db } from './memory-actions';
import { applyUndo, EDIT_FIELDS, PIN_FIELDS } from './use-undo';
import { mem } from './test-memories';

let db: Db;
let store: MemoryStore;
let n = 0;

beforeEach(async () => {
  db = await openHearthDb({ name: `memory-actions-test-${n++}` });
  store = createMemoryStore(db);
});

const add = async (text: string) =>
  (await store.add({ text, kind: 'user-fact', provenance: { type: 'messages', messageIds: [text] } })).record;

describe('loading', () => {
  it('reads every memory page by page', async () => {
    for (let i = 0; i < 23; i++) await add(`fact ${i}`);
    const seen: number[] = [];
    const all = await loadAllMemories(db, { page: 5, onProgress: (k) => seen.push(k) });
    expect(all).toHaveLength(23);
    expect(new Set(all.map((r) => r.id)).size).toBe(23);
    expect(seen).toEqual([5, 10, 15, 20, 23]);
  });
});

describe('forget and undo', () => {
  it('returns the records as stored and puts them back by id', async () => {
    const a = await add('likes tea');
    const b = await add('likes rain');
    await store.touch([a.id]);
    const gone = await forgetReturning(db, [a.id, b.id, 'missing']);
    expect(gone.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(gone.find((r) => r.id === a.id)?.accessCount).toBe(1);
    expect(await store.count()).toBe(0);
    const c = await add('likes snow'); // the panel keeps writing meanwhile
    expect(await applyUndo(db, { type: 'forget', message: '', records: gone })).toHaveLength(2);
    expect(await store.get(a.id)).toEqual(gone.find((r) => r.id === a.id));
    expect(await store.get(c.id)).toEqual(c);
  });

  it('deletes the vector with the memory, and an undone memory is marked for embedding again', async () => {
    const a = await add('likes tea');
    const vectors = createVectorStore(db);
    await vectors.put('model@q8', [{ id: a.id, vector: Float32Array.of(1, 2, 3, 4) }]);
    await store.markEmbedded([a.id], 'model@q8');
    const gone = await forgetReturning(db, [a.id]);
    expect((await vectors.stats('model@q8')).vectors).toBe(0);
    await restoreForgotten(db, gone);
    const back = await store.get(a.id);
    expect(back?.text).toBe('likes tea');
    expect(back?.embedderId).toBeUndefined();
  });

  it('leaves a memory that exists again alone', async () => {
    const a = await add('likes tea');
    const [gone] = await forgetReturning(db, [a.id]);
    await db.put('memories', { ...a, text: 'likes green tea' });
    expect(await restoreForgotten(db, gone ? [gone] : [])).toEqual([]);
    expect((await store.get(a.id))?.text).toBe('likes green tea');
  });
});

describe('undoing edits and pins', () => {
  it('restores only the edited fields, keeping what changed meanwhile', async () => {
    const before = await add('likes tea');
    await store.update(before.id, { text: 'likes coffee', importance: 0.9, kind: 'preference' });
    await store.touch([before.id]); // the panel used the memory meanwhile
    await store.pin(before.id);
    await applyUndo(db, { type: 'fields', message: '', previous: [before], fields: EDIT_FIELDS });
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
    await restoreFields(db, [before], PIN_FIELDS);
    const now = await store.get(before.id);
    expect(now?.pinned).toBe(false);
    expect(now && 'pinnedAt' in now).toBe(false);
  });

  it('skips memories forgotten meanwhile', async () => {
    const before = await add('likes tea');
    await store.forget(before.id);
    expect(await restoreFields(db, [before], EDIT_FIELDS)).toEqual([]);
    expect(await store.get(before.id)).toBeUndefined();
  });
});

describe('validateEdit', () => {
  const record = mem('a');
  it('accepts a good edit, trimmed', () => {
    expect(validateEdit(record, { text: '  likes tea ', kind: 'preference', importance: 0.8 })).toEqual({
      ok: true,
      patch: { text: 'likes tea', kind: 'preference', importance: 0.8 },
    });
  });
  it('puts problems in words', () => {
    const bad = validateEdit(record, { text: '   ', kind: 'user-fact', importance: 2 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toContain('cannot be empty');
      expect(bad.error).toContain('from 0 (minor) to 1 (essential)');
    }
    const long = validateEdit(record, { text: 'x'.repeat(20_001), kind: 'user-fact', importance: 0.5 });
    expect(long.ok || long.error).toContain('at most 20,000 characters');
    const nan = validateEdit(record, { text: 'ok', kind: 'user-fact', importance: NaN });
    expect(nan.ok).toBe(false);
  });
});
