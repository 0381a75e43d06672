import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../open';
import { DB_VERSION } from './index';
import type { MemoryRecord } from '../../memory/records';
import { createVectorStore, VECTOR_BLOCKS_STORE } from '../../memory/vector/vector-store';
import { STORED_MEMORY } from './test-records';

let counter = 0;
const freshName = () => `migration-003-test-${Date.now()}-${counter++}`;

const memory: MemoryRecord = STORED_MEMORY;

describe('migration 003: vectors', () => {
  it('upgrades a version 2 database with its memories intact and a working vector store', async () => {
    const name = freshName();
    const v2 = await openHearthDb({ name, version: 2 });
    expect(v2.objectStoreNames.contains(VECTOR_BLOCKS_STORE as never)).toBe(false);
    await v2.put('memories', { ...memory });
    await v2.put('memories', { ...memory, id: 'mem2', text: 'The user has a dog.' });
    v2.close();

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
    expect(db.objectStoreNames.contains('vectorBlocks')).toBe(true);
    expect(await db.get('memories', 'mem1')).toMatchObject(memory);
    expect(await db.count('memories')).toBe(2);

    const vectors = createVectorStore(db);
    await vectors.put('e@q8', [
      { id: 'mem1', vector: new Float32Array([1, 0, 0, 0]) },
      { id: 'mem2', vector: new Float32Array([0, 1, 0, 0]) },
    ]);
    expect((await vectors.stats('e@q8')).vectors).toBe(2);
    expect(await db.getAllKeysFromIndex('vectorBlocks', 'byId', 'mem2')).toEqual([['e@q8', 0]]);
    const index = await vectors.load('e@q8');
    expect(index?.size).toBe(2);
    expect(index?.search(new Float32Array([0, 1, 0, 0]), 1)[0]?.id).toBe('mem2');
    db.close();
  });
});
