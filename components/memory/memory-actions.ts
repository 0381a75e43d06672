import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../../lib/db/schema';
import { toStorageError } from '../../lib/db/errors';
import { publishChange } from '../../lib/messaging/changes';
import { createMemoryStore } from '../../lib/memory/memory-store';
import { MemoryRecord } from '../../lib/memory/records';

/** The Hearth database as the manager uses it. */
export type Db = IDBPDatabase<HearthDB>;

/** A change notice carries at most this many ids (the Change schema's limit). */
const IDS_PER_NOTICE = 10_000;

/** Tells other contexts (an open side panel) which memories changed; large sets go in several notices. */
export function publishMemoryChange(ids: readonly string[]): void {
  for (let i = 0; i < ids.length; i += IDS_PER_NOTICE) {
    publishChange({ topic: 'memories', ids: ids.slice(i, i + IDS_PER_NOTICE) });
  }
}

/**
 * Reads every memory, `page` records per request so no single read deserialises
 * 100,000 records in one go; `onProgress` gets the running count.
 */
export async function loadAllMemories(
  db: Db,
  options: { page?: number; signal?: AbortSignal; onProgress?: (loaded: number) => void } = {},
): Promise<MemoryRecord[]> {
  const page = options.page ?? 5000;
  const out: MemoryRecord[] = [];
  let after: string | undefined;
  try {
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const batch = await db.getAll('memories', range, page);
      for (const r of batch) out.push(r);
      options.onProgress?.(out.length);
      options.signal?.throwIfAborted();
      if (batch.length < page) return out;
      after = (batch[batch.length - 1] as MemoryRecord).id;
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw toStorageError(error);
  }
}

/** Reads memories by id in one transaction (missing ones come back undefined). */
export async function readMemories(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, MemoryRecord | undefined>> {
  try {
    const tx = db.transaction('memories', 'readonly');
    const records = await Promise.all(ids.map((id) => tx.store.get(id)));
    await tx.done;
    return new Map(ids.map((id, i) => [id, records[i]]));
  } catch (error) {
    throw toStorageError(error);
  }
}

/**
 * Deletes memories (and their vectors) in one transaction and returns them as they were at
 * that moment (not as the manager last saw them), so an undo puts back exactly what was removed.
 */
export function forgetReturning(db: Db, ids: readonly string[]): Promise<MemoryRecord[]> {
  return createMemoryStore(db).take(ids);
}

/**
 * Puts forgotten memories back, by id, in one transaction. A memory that exists again
 * (re-created meanwhile) is left as it is. Resolves to the ids written.
 */
export async function restoreForgotten(db: Db, records: readonly MemoryRecord[]): Promise<string[]> {
  try {
    const tx = db.transaction('memories', 'readwrite');
    const present = await Promise.all(records.map((r) => tx.store.getKey(r.id)));
    const missing = records.filter((_, i) => present[i] === undefined);
    // Their vectors went with them: marked as not embedded, a panel with an embedder embeds them again.
    await Promise.all(missing.map(({ embedderId: _embedded, ...r }) => tx.store.put(r)));
    await tx.done;
    return missing.map((r) => r.id);
  } catch (error) {
    throw toStorageError(error);
  }
}

/**
 * Undoes an edit or a pin by id: only `fields` go back to their earlier values, onto the
 * memory as it is now, so what the panel changed meanwhile (access counts, a supersede)
 * is kept. Memories forgotten meanwhile stay forgotten. One transaction; resolves to the
 * ids written.
 */
export async function restoreFields(
  db: Db,
  previous: readonly MemoryRecord[],
  fields: readonly (keyof MemoryRecord)[],
): Promise<string[]> {
  try {
    const tx = db.transaction('memories', 'readwrite');
    const current = await Promise.all(previous.map((r) => tx.store.get(r.id)));
    const next: MemoryRecord[] = [];
    previous.forEach((before, i) => {
      const now = current[i];
      if (!now) return;
      const merged: Record<string, unknown> = { ...now, updatedAt: Date.now() };
      for (const field of fields) {
        // An absent optional field (pinnedAt of an unpinned memory) must be absent again.
        if (before[field] === undefined) delete merged[field];
        else merged[field] = before[field];
      }
      next.push(MemoryRecord.parse(merged));
    });
    await Promise.all(next.map((r) => tx.store.put(r)));
    await tx.done;
    return next.map((r) => r.id);
  } catch (error) {
    throw toStorageError(error);
  }
}
