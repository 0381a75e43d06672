import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { toStorageError } from '../db/errors';
import type { HearthDB } from '../db/schema';
import type { MemoryRecord } from './records';
import { appendEvents, withOutbox } from '../events/outbox-store';
import { memoriesForgotten } from '../events/source-events';
import { VECTOR_BLOCKS_STORE, deleteVectorsIn, type WriteStore } from './vector/vector-store';

/**
 * Deletes memories and, in the same transaction, their vectors (of every embedder): a
 * forgotten memory leaves nothing searchable behind, even if no panel with an embedder
 * runs again. Resolves to the records as they were when deleted (for an undo).
 */
export async function deleteMemoriesWithVectors(
  db: IDBPDatabase<HearthDB>,
  ids: readonly string[],
): Promise<MemoryRecord[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  // Databases opened by tests of older migrations may lack the vector store.
  const withVectors = db.objectStoreNames.contains(VECTOR_BLOCKS_STORE);
  try {
    const tx = withVectors
      ? db.transaction(withOutbox(db, ['memories', 'vectorBlocks']), 'readwrite')
      : db.transaction(withOutbox(db, ['memories']), 'readwrite');
    const memories = tx.objectStore('memories');
    const found = await Promise.all(unique.map((id) => memories.get(id)));
    const gone = found.filter((r): r is MemoryRecord => r !== undefined);
    await Promise.all(gone.map((r) => memories.delete(r.id)));
    if (withVectors) {
      const vectors = (
        tx as unknown as IDBPTransaction<HearthDB, ['memories', 'vectorBlocks'], 'readwrite'>
      ).objectStore('vectorBlocks');
      await deleteVectorsIn(
        vectors as unknown as WriteStore,
        gone.map((r) => r.id),
      );
    }
    await appendEvents(
      tx,
      memoriesForgotten(
        gone.map((r) => r.id),
        Date.now(),
      ),
    );
    await tx.done;
    return gone;
  } catch (error) {
    throw toStorageError(error);
  }
}
