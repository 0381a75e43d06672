import { openDB, type IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../db/errors';
import { clusteredSet } from '../../../scripts/bench/vector-data';
import { BLOCK_SIZE, type VectorBlockRecord } from './records';
import { createVectorIndex } from './vector-index';
import {
  createVectorStore,
  createVectorStoreSchema,
  loadIndex,
  VECTOR_BLOCKS_STORE,
  type VectorEntry,
  type VectorStore,
} from './vector-store';

const dim = 24;
let counter = 0;
let db: IDBPDatabase<unknown>;
let store: VectorStore;

beforeEach(async () => {
  db = await openDB(`vector-store-test-${counter++}`, 1, {
    upgrade(database) {
      createVectorStoreSchema(database);
    },
  });
  store = createVectorStore(db);
});

function entries(n: number, seed: number, prefix = 'm'): VectorEntry[] {
  const set = clusteredSet(n, dim, 0, seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    vector: set.data.slice(i * dim, (i + 1) * dim),
  }));
}

function blocks(): Promise<VectorBlockRecord[]> {
  return db.getAll(VECTOR_BLOCKS_STORE) as Promise<VectorBlockRecord[]>;
}

describe('vector store', () => {
  it('loads what was put, across block boundaries, as the same index', async () => {
    const all = entries(BLOCK_SIZE + 300, 1);
    await store.put('e1', all.slice(0, 700));
    await store.put('e1', all.slice(700));
    const stored = await blocks();
    expect(stored.map((b) => b.count)).toEqual([BLOCK_SIZE, 300]);

    const index = (await loadIndex(db, 'e1'))!;
    expect(index.size).toBe(all.length);
    const reference = createVectorIndex(dim);
    for (const entry of all) reference.add(entry.id, entry.vector);
    for (const query of all.slice(0, 20)) {
      expect(index.search(query.vector, 5)).toEqual(reference.search(query.vector, 5));
    }
  });

  it('replaces a vector stored under the same id instead of adding one', async () => {
    const all = entries(50, 2);
    await store.put('e1', all);
    const moved = { id: 'm3', vector: all[40]!.vector };
    await store.put('e1', [moved]);
    const index = (await store.load('e1'))!;
    expect(index.size).toBe(50);
    const top = index.search(all[40]!.vector, 2).map((h) => h.id);
    expect(top.sort()).toEqual(['m3', 'm40']);
  });

  it('deletes vectors, dropping blocks that empty', async () => {
    const all = entries(BLOCK_SIZE + 10, 3);
    await store.put('e1', all);
    const gone = all
      .slice(BLOCK_SIZE)
      .map((e) => e.id)
      .concat(['m0', 'm5', 'unknown']);
    await store.delete(gone);
    expect((await blocks()).map((b) => b.count)).toEqual([BLOCK_SIZE - 2]);
    const index = (await store.load('e1'))!;
    expect(index.size).toBe(BLOCK_SIZE - 2);
    expect(index.has('m0')).toBe(false);
    expect(index.has('m1')).toBe(true);
    expect(index.search(all[5]!.vector, 3).map((h) => h.id)).not.toContain('m5');
  });

  it('keeps embedders apart, and deletes from one or all', async () => {
    await store.put('e1', entries(10, 4));
    await store.put('e2', entries(10, 5));
    expect((await store.stats('e1')).vectors).toBe(10);
    await store.delete(['m1'], 'e1');
    expect((await store.load('e1'))!.has('m1')).toBe(false);
    expect((await store.load('e2'))!.has('m1')).toBe(true);
    await store.delete(['m2']);
    expect((await store.load('e1'))!.has('m2')).toBe(false);
    expect((await store.load('e2'))!.has('m2')).toBe(false);
    await store.clear('e1');
    expect(await store.load('e1')).toBeNull();
    expect((await store.load('e2'))!.size).toBe(9);
    await store.clear();
    expect((await store.stats('e2')).vectors).toBe(0);
  });

  it('returns an empty index when nothing is stored and the dimension is known', async () => {
    expect(await loadIndex(db, 'none')).toBeNull();
    const index = await loadIndex(db, 'none', { dim });
    expect(index?.size).toBe(0);
    expect(index?.dim).toBe(dim);
  });

  it('compacts sparse blocks with replaceAll', async () => {
    const all = entries(2 * BLOCK_SIZE, 6);
    await store.put('e1', all);
    await store.delete(all.filter((_, i) => i % 2 === 1).map((e) => e.id));
    expect((await blocks()).map((b) => b.count)).toEqual([BLOCK_SIZE / 2, BLOCK_SIZE / 2]);
    const index = (await store.load('e1'))!;
    await store.replaceAll('e1', index);
    expect((await blocks()).map((b) => b.count)).toEqual([BLOCK_SIZE]);
    const stats = await store.stats('e1');
    expect(stats).toMatchObject({ vectors: BLOCK_SIZE, blocks: 1 });
    // 24 dims: 24 bytes of int8, 9 of low bits, 4 of scale, plus the id.
    const idBytes = all.filter((_, i) => i % 2 === 0).reduce((sum, e) => sum + e.id.length, 0);
    expect(stats.payloadBytes).toBe(BLOCK_SIZE * 37 + idBytes);
    // New vectors still land after the compacted ones.
    await store.put('e1', [{ id: 'new', vector: all[1]!.vector }]);
    expect((await blocks()).map((b) => b.count)).toEqual([BLOCK_SIZE, 1]);
  });

  it('refuses vectors of another dimension', async () => {
    await store.put('e1', entries(3, 7));
    await expect(store.put('e1', [{ id: 'x', vector: new Float32Array(dim + 1) }])).rejects.toThrow(
      StorageError,
    );
    await expect(
      store.put('e1', [
        { id: 'a', vector: new Float32Array(dim) },
        { id: 'b', vector: new Float32Array(dim - 1) },
      ]),
    ).rejects.toThrow(RangeError);
    const nan = new Float32Array(dim).fill(Number.NaN);
    await expect(store.put('e1', [{ id: 'n', vector: nan }])).rejects.toThrow(RangeError);
    expect((await store.stats('e1')).vectors).toBe(3);
  });

  it('reports a damaged block as a corrupt StorageError', async () => {
    await store.put('e1', entries(3, 8));
    const [block] = await blocks();
    await db.put(VECTOR_BLOCKS_STORE, { ...block!, hi: new Int8Array(5) });
    const error = await store.load('e1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('corrupt');
  });
});
