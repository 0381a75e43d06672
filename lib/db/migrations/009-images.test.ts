import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../open';
import { DB_VERSION } from './index';
import { createImageStore } from '../../images/image-store';
import { STORED_MEMORY } from './test-records';

const freshName = () => `migration-009-test-${crypto.randomUUID()}`;

describe('migration 009: images', () => {
  it('upgrades a version 5 database with its data intact and a working images store', async () => {
    const name = freshName();
    const v5 = await openHearthDb({ name, version: 5 });
    expect(v5.objectStoreNames.contains('images' as never)).toBe(false);
    await v5.put('memories', { ...STORED_MEMORY });
    v5.close();

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    // Migration 006 adds the memory's owner (shared: null); the rest is as stored.
    expect(await db.get('memories', 'mem1')).toEqual({ ...STORED_MEMORY, personaId: null });
    const images = createImageStore(db);
    const blob = new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' });
    const base = { blob, mime: 'image/png' as const, prompt: 'a lighthouse', createdAt: 1 };
    await images.put({ ...base, id: 'i1', messageId: 'm1', conversationId: 'c1' });
    await images.put({ ...base, id: 'i2', messageId: 'm2', conversationId: 'c2' });
    expect((await images.forMessage('m1')).map((i) => i.id)).toEqual(['i1']);
    await images.deleteForConversation('c1');
    expect(await images.forMessage('m1')).toEqual([]);
    expect((await images.all()).map((i) => i.id)).toEqual(['i2']);
    await expect(images.put({ ...base, id: '', messageId: 'm', conversationId: 'c' })).rejects.toThrow();
    db.close();
  });
});
