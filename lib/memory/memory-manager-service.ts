/**
 * What the options page's memory manager does to stored memories: read them all (in pages),
 * read some again, forget with the records returned for an undo, put them back, undo an
 * edit or pin field by field, and the conversation titles rows cite. The components take
 * this service; only its factory sees the database.
 */
import type { IDBPDatabase } from 'idb';
import { toStorageError } from '../db/errors';
import type { HearthDB } from '../db/schema';
import { createMemoryStore, type MemoryPatch } from './memory-store';
import { MemoryRecord } from './records';

/** How loadAll reads: `page` records per request, progress as a running count, and a way to stop. */
export interface LoadAllOptions {
  page?: number;
  signal?: AbortSignal;
  onProgress?: (loaded: number) => void;
}

/** The memory manager's storage operations. */
export interface MemoryManagerService {
  /**
   * Reads every memory, `page` records per request, so no single read deserialises
   * 100,000 records in one go.
   */
  loadAll(options?: LoadAllOptions): Promise<MemoryRecord[]>;
  /**
   * The `count` newest memories, newest first, read through the creation-time index: the
   * manager shows them at once while loadAll reads the rest.
   */
  loadNewest(count: number): Promise<MemoryRecord[]>;
  /** Reads memories by id in one transaction (missing ones come back undefined). */
  read(ids: readonly string[]): Promise<Map<string, MemoryRecord | undefined>>;
  /** Conversation titles by id, for the rows that cite a chat. */
  conversationTitles(): Promise<Map<string, string>>;
  /**
   * Deletes memories (and their vectors) in one transaction and returns them as they were at
   * that moment (not as the manager last saw them), so an undo puts back exactly what was removed.
   */
  forget(ids: readonly string[]): Promise<MemoryRecord[]>;
  /**
   * Puts forgotten memories back, by id, in one transaction. A memory that exists again
   * (re-created meanwhile) is left as it is. Resolves to the ids written.
   */
  restoreForgotten(records: readonly MemoryRecord[]): Promise<string[]>;
  /**
   * Undoes an edit or a pin by id: only `fields` go back to their earlier values, onto the
   * memory as it is now, so what the panel changed meanwhile (access counts, a supersede)
   * is kept. Memories forgotten meanwhile stay forgotten. One transaction; the ids written.
   */
  restoreFields(
    previous: readonly MemoryRecord[],
    fields: readonly (keyof MemoryRecord)[],
  ): Promise<string[]>;
  /** Pins or unpins a memory; the record as stored after. */
  pin(id: string, pinned: boolean): Promise<MemoryRecord>;
  /** Edits a memory's text, kind or importance; the record as stored after. */
  update(id: string, patch: MemoryPatch): Promise<MemoryRecord>;
}

/** Creates the service over the open Hearth database. */
export function createMemoryManagerService(db: IDBPDatabase<HearthDB>): MemoryManagerService {
  const store = createMemoryStore(db);
  return {
    async loadAll(options = {}) {
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
    },

    async loadNewest(count) {
      try {
        const out: MemoryRecord[] = [];
        const tx = db.transaction('memories', 'readonly');
        let cursor = await tx.store.index('byCreatedAt').openCursor(null, 'prev');
        while (cursor && out.length < count) {
          out.push(cursor.value);
          cursor = await cursor.continue();
        }
        await tx.done;
        return out;
      } catch (error) {
        throw toStorageError(error);
      }
    },

    async read(ids) {
      try {
        const tx = db.transaction('memories', 'readonly');
        const records = await Promise.all(ids.map((id) => tx.store.get(id)));
        await tx.done;
        return new Map(ids.map((id, i) => [id, records[i]]));
      } catch (error) {
        throw toStorageError(error);
      }
    },

    async conversationTitles() {
      try {
        const conversations = await db.getAll('conversations');
        return new Map(conversations.map((c) => [c.id, c.title]));
      } catch (error) {
        throw toStorageError(error);
      }
    },

    forget: (ids) => store.take(ids),

    async restoreForgotten(records) {
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
    },

    async restoreFields(previous, fields) {
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
    },

    pin: (id, pinned) => store.pin(id, pinned),
    update: (id, patch) => store.update(id, patch),
  };
}
