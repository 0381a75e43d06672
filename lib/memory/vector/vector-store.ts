/**
 * Persistence of the vector index in IndexedDB, as blocks of up to BLOCK_SIZE quantized
 * vectors (records.ts). The panel reads every block of the current embedder once when it
 * opens (loadIndex) and then keeps its in-memory index and these blocks in step with
 * put/delete; the options page can delete vectors without loading anything else.
 *
 * Object store, created by a numbered migration through createVectorStoreSchema:
 *   'vectorBlocks', keyPath ['embedderId', 'block'],
 *   index 'byId' on 'ids' (multiEntry): which block holds a memory's vector.
 */
import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import { toStorageError } from '../../db/errors';
import { appendTo, checkDim, emptyBlock, withoutIds, writeCode } from './block-edit';
import { BLOCK_SIZE, blockPayloadBytes, validateBlock, type VectorBlockRecord } from './records';
import { VectorIndex } from './vector-index';

/** Default name of the object store holding vector blocks. */
export const VECTOR_BLOCKS_STORE = 'vectorBlocks';
/** Name of the multiEntry index from memory id to block. */
export const VECTOR_ID_INDEX = 'byId';

/** Creates the object store and index; call it from the migration that introduces them. */
export function createVectorStoreSchema(db: IDBPDatabase<unknown>, storeName = VECTOR_BLOCKS_STORE): void {
  const store = db.createObjectStore(storeName, { keyPath: ['embedderId', 'block'] });
  store.createIndex(VECTOR_ID_INDEX, 'ids', { multiEntry: true });
}

/** One vector to store under a memory id. */
export interface VectorEntry {
  id: string;
  vector: Float32Array;
}

/** What the store holds for one embedder. */
export interface VectorStoreStats {
  vectors: number;
  blocks: number;
  /** Bytes of codes, scales and ids (see blockPayloadBytes). */
  payloadBytes: number;
}

/** Reads and writes one embedder's vectors (or all embedders', where said). */
export interface VectorStore {
  /** Builds the in-memory index; null when nothing is stored and no `dim` was given. */
  load(embedderId: string, dim?: number): Promise<VectorIndex | null>;
  /** Adds vectors, or replaces those already stored under the same ids, in one transaction. */
  put(embedderId: string, entries: readonly VectorEntry[]): Promise<void>;
  /** Deletes the vectors of these memory ids (of every embedder unless one is named). */
  delete(ids: readonly string[], embedderId?: string): Promise<void>;
  /** Replaces everything stored for the embedder with `index`, in full blocks (also compacts). */
  replaceAll(embedderId: string, index: VectorIndex): Promise<void>;
  /** Deletes one embedder's vectors, or every vector. */
  clear(embedderId?: string): Promise<void>;
  stats(embedderId: string): Promise<VectorStoreStats>;
}

type RawDb = IDBPDatabase<unknown>;
/** An object store of vector blocks inside a read-write transaction. */
export type WriteStore = IDBPObjectStore<unknown, [string], string, 'readwrite'>;
type BlockKey = [string, number];

function blocksOf(embedderId: string): IDBKeyRange {
  return IDBKeyRange.bound([embedderId, -Infinity], [embedderId, Infinity]);
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Creates the vector store over an open database holding `storeName`. */
export function createVectorStore<Schema>(
  db: IDBPDatabase<Schema>,
  storeName = VECTOR_BLOCKS_STORE,
): VectorStore {
  const raw = db as unknown as RawDb;

  async function readBlock(store: WriteStore, key: BlockKey): Promise<VectorBlockRecord | undefined> {
    const block = (await store.get(key)) as VectorBlockRecord | undefined;
    if (block) validateBlock(block);
    return block;
  }

  return {
    async load(embedderId, dim) {
      const blocks = await guarded(
        () => raw.getAll(storeName, blocksOf(embedderId)) as Promise<VectorBlockRecord[]>,
      );
      const first = blocks[0];
      if (!first) return dim === undefined ? null : new VectorIndex(dim);
      return VectorIndex.fromRecords(dim ?? first.dim, blocks);
    },

    async put(embedderId, entries) {
      if (entries.length === 0) return;
      const dim = entries[0]!.vector.length;
      // Checked before the transaction, so a bad vector writes nothing and stays a RangeError.
      for (const entry of entries) {
        if (entry.vector.length !== dim)
          throw new RangeError(`Vector for ${entry.id} has the wrong dimension.`);
        if (!entry.vector.every(Number.isFinite))
          throw new RangeError(`Vector for ${entry.id} is not finite.`);
      }
      // The last entry for an id wins, as with repeated index.add().
      const latest = new Map(entries.map((entry) => [entry.id, entry.vector]));
      await guarded(async () => {
        const tx = raw.transaction(storeName, 'readwrite');
        const store = tx.store;
        const dirty = new Map<number, VectorBlockRecord>();
        const located = await Promise.all(
          [...latest.keys()].map(async (id) => {
            const keys = (await store.index(VECTOR_ID_INDEX).getAllKeys(id)) as BlockKey[];
            return { id, key: keys.find((key) => key[0] === embedderId) };
          }),
        );
        const fresh: string[] = [];
        for (const { id, key } of located) {
          if (!key) {
            fresh.push(id);
            continue;
          }
          const block = dirty.get(key[1]) ?? (await readBlock(store, key));
          if (!block) continue;
          checkDim(block, dim);
          dirty.set(block.block, block);
          const j = block.ids.indexOf(id);
          if (j >= 0) writeCode(block, j, latest.get(id)!);
        }
        if (fresh.length > 0) {
          const cursor = await store.openCursor(blocksOf(embedderId), 'prev');
          let last = cursor
            ? (dirty.get((cursor.value as VectorBlockRecord).block) ?? (cursor.value as VectorBlockRecord))
            : undefined;
          if (last) {
            validateBlock(last);
            checkDim(last, dim);
          }
          let next = 0;
          while (next < fresh.length) {
            if (!last || last.count >= BLOCK_SIZE)
              last = emptyBlock(embedderId, last ? last.block + 1 : 0, dim);
            const take = fresh.slice(next, next + BLOCK_SIZE - last.count);
            last = appendTo(last, take, latest);
            dirty.set(last.block, last);
            next += take.length;
          }
        }
        await Promise.all([...dirty.values()].map((block) => store.put(block)));
        await tx.done;
      });
    },

    async delete(ids, embedderId) {
      if (ids.length === 0) return;
      await guarded(async () => {
        const tx = raw.transaction(storeName, 'readwrite');
        await deleteVectorsIn(tx.store, ids, embedderId);
        await tx.done;
      });
    },

    async replaceAll(embedderId, index) {
      const records = index.toRecords(embedderId);
      await guarded(async () => {
        const tx = raw.transaction(storeName, 'readwrite');
        await tx.store.delete(blocksOf(embedderId));
        await Promise.all(records.map((record) => tx.store.put(record)));
        await tx.done;
      });
    },

    async clear(embedderId) {
      await guarded(async () => {
        if (embedderId === undefined) await raw.clear(storeName);
        else await raw.delete(storeName, blocksOf(embedderId));
      });
    },

    async stats(embedderId) {
      const blocks = await guarded(
        () => raw.getAll(storeName, blocksOf(embedderId)) as Promise<VectorBlockRecord[]>,
      );
      const stats: VectorStoreStats = { vectors: 0, blocks: blocks.length, payloadBytes: 0 };
      for (const block of blocks) {
        stats.vectors += block.count;
        stats.payloadBytes += blockPayloadBytes(block);
      }
      return stats;
    },
  };
}

/**
 * Deletes the vectors of these memory ids (of every embedder unless one is named) inside a
 * transaction the caller holds open on the vector store, so that forgetting a memory and
 * deleting its vector commit together (memory-store.ts).
 */
export async function deleteVectorsIn(
  store: WriteStore,
  ids: readonly string[],
  embedderId?: string,
): Promise<void> {
  if (ids.length === 0) return;
  const byBlock = new Map<string, { key: BlockKey; ids: Set<string> }>();
  await Promise.all(
    ids.map(async (id) => {
      const keys = (await store.index(VECTOR_ID_INDEX).getAllKeys(id)) as BlockKey[];
      for (const key of keys) {
        if (embedderId !== undefined && key[0] !== embedderId) continue;
        const name = JSON.stringify(key);
        const entry = byBlock.get(name) ?? { key, ids: new Set<string>() };
        entry.ids.add(id);
        byBlock.set(name, entry);
      }
    }),
  );
  for (const { key, ids: gone } of byBlock.values()) {
    const block = (await store.get(key)) as VectorBlockRecord | undefined;
    if (!block) continue;
    validateBlock(block);
    const kept = withoutIds(block, gone);
    if (kept.count === 0) await store.delete(key);
    else await store.put(kept);
  }
}

/** Reads one embedder's index from `db`: see VectorStore.load. */
export function loadIndex<Schema>(
  db: IDBPDatabase<Schema>,
  embedderId: string,
  options: { dim?: number; storeName?: string } = {},
): Promise<VectorIndex | null> {
  return createVectorStore(db, options.storeName).load(embedderId, options.dim);
}
