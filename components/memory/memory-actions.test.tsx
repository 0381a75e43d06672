import { beforeEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../../lib/db/open';
import {
  createMemoryManagerService,
  type MemoryManagerService,
} from '../../lib/memory/memory-manager-service';
import { createMemoryStore, type MemoryStore } from '../../lib/memory/memory-store';
import { validateEdit } from './EditMemoryDialog';
import { applyUndo, EDIT_FIELDS, PIN_FIELDS } from './use-undo';
import { mem } from './test-memories';

let store: MemoryStore;
let service: MemoryManagerService;
let n = 0;

beforeEach(async () => {
  const db = await openHearthDb({ name: `memory-actions-test-${n++}` });
  store = createMemoryStore(db);
  service = createMemoryManagerService(db);
});

const add = async (text: string) =>
  (await store.add({ text, kind: 'user-fact', provenance: { type: 'messages', messageIds: [text] } })).record;

describe('applyUndo', () => {
  it('puts forgotten memories back by id, alongside what was written meanwhile', async () => {
    const a = await add('likes tea');
    const b = await add('likes rain');
    const gone = await service.forget([a.id, b.id]);
    const c = await add('likes snow'); // the panel keeps writing meanwhile
    expect(await applyUndo(service, { type: 'forget', message: '', records: gone })).toHaveLength(2);
    expect(await store.get(a.id)).toEqual(gone.find((r) => r.id === a.id));
    expect(await store.get(c.id)).toEqual(c);
  });

  it('restores the fields of an edit or a pin only', async () => {
    const before = await add('likes tea');
    await store.update(before.id, { text: 'likes coffee' });
    await store.pin(before.id);
    await applyUndo(service, { type: 'fields', message: '', previous: [before], fields: EDIT_FIELDS });
    expect(await store.get(before.id)).toMatchObject({ text: 'likes tea', pinned: true });
    await applyUndo(service, { type: 'fields', message: '', previous: [before], fields: PIN_FIELDS });
    expect((await store.get(before.id))?.pinned).toBe(false);
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
