import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { HearthDB } from '../db/schema';
import { StorageError, toStorageError } from '../db/errors';
import { matchesFilter, openFilterCursor, type MemoryFilter } from './memory-filter';
import {
  MemoryRecord,
  NEUTRAL_EMOTION,
  isCurrent,
  memoryTextKey,
  normaliseMemoryText,
  type NewMemory,
} from './records';
import { deleteMemoriesWithVectors } from './forget';
import { appendEvents, withOutbox } from '../events/outbox-store';
import { memoryEvent } from '../events/source-events';

export type { MemoryFilter } from './memory-filter';

/** Fields a caller may change on an existing memory. */
export type MemoryPatch = Partial<
  Pick<
    MemoryRecord,
    // provenance and supersededBy: retraction (lib/companion/retraction.ts) trims sources and reopens facts.
    | 'text'
    | 'kind'
    | 'importance'
    | 'emotion'
    | 'validFrom'
    | 'validUntil'
    | 'embedderId'
    | 'provenance'
    | 'supersededBy'
  >
>;

/** The result of adding: the stored record, and whether it is new or an identical one was reused. */
export interface AddResult {
  record: MemoryRecord;
  created: boolean;
}

/** Reads and writes memories in IndexedDB; every multi-record write is one transaction. */
export interface MemoryStore {
  /** Adds memories; one whose text, kind and validity match a current memory merges into it. */
  add(memory: NewMemory): Promise<AddResult>;
  addMany(memories: readonly NewMemory[]): Promise<AddResult[]>;
  get(id: string): Promise<MemoryRecord | undefined>;
  getMany(ids: readonly string[]): Promise<(MemoryRecord | undefined)[]>;
  update(id: string, patch: MemoryPatch): Promise<MemoryRecord>;
  /** Replaces a memory by a new one; the old is kept, closed with validUntil and supersededBy. */
  supersede(oldId: string, replacement: NewMemory): Promise<{ old: MemoryRecord; record: MemoryRecord }>;
  /** Deletes memories for good, and their vectors with them; resolves to the ids that existed. */
  forget(ids: string | readonly string[]): Promise<string[]>;
  /** As `forget`, resolving to the deleted records as they were (for an undo). */
  take(ids: readonly string[]): Promise<MemoryRecord[]>;
  /** Deletes every memory the filter matches (a site, a period…); resolves to their ids. */
  forgetWhere(filter: MemoryFilter): Promise<string[]>;
  list(filter?: MemoryFilter): Promise<MemoryRecord[]>;
  count(filter?: MemoryFilter): Promise<number>;
  pin(id: string, pinned?: boolean): Promise<MemoryRecord>;
  /** Records that memories were used: access count up by one, last access now. */
  touch(ids: readonly string[]): Promise<void>;
  /** Records which embedder's vectors the vector store now holds for these memories. */
  markEmbedded(ids: readonly string[], embedderId: string): Promise<void>;
}

/** Options for tests and the eval: a clock and an id maker. */
export interface MemoryStoreOptions {
  now?: () => number;
  newId?: () => string;
}

type Db = IDBPDatabase<HearthDB>;
type WriteTx = IDBPTransaction<HearthDB, ('memories' | 'outbox')[], 'readwrite'>;

function notFound(id: string): StorageError {
  return new StorageError('unknown', `That memory no longer exists (${id}).`);
}

/** Creates the memory store over an open Hearth database. */
export function createMemoryStore(db: Db, options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? (() => Date.now());
  const newId = options.newId ?? (() => crypto.randomUUID());

  function build(memory: NewMemory, at: number): MemoryRecord {
    const createdAt = memory.createdAt ?? at;
    const pinned = memory.pinned ?? false;
    return MemoryRecord.parse({
      id: memory.id ?? newId(),
      text: memory.text.trim(),
      textKey: memoryTextKey(memory.text),
      kind: memory.kind,
      provenance: memory.provenance,
      conversationId: memory.conversationId,
      role: memory.role,
      speaker: memory.speaker,
      site:
        memory.site ??
        (memory.provenance.type === 'page' ? new URL(memory.provenance.url).hostname : undefined),
      createdAt,
      updatedAt: at,
      validFrom: memory.validFrom ?? createdAt,
      validUntil: memory.validUntil,
      importance: memory.importance ?? 0.5,
      emotion: memory.emotion ?? NEUTRAL_EMOTION,
      pinned,
      pinnedAt: pinned ? at : undefined,
      accessCount: 0,
      embedderId: memory.embedderId,
      slot: memory.slot,
      personaId: memory.personaId,
    });
  }

  /** Merges a new memory's sources into an identical existing one. */
  function merge(existing: MemoryRecord, incoming: MemoryRecord, at: number): MemoryRecord {
    const provenance =
      existing.provenance.type === 'messages' && incoming.provenance.type === 'messages'
        ? {
            type: 'messages' as const,
            messageIds: [...new Set([...existing.provenance.messageIds, ...incoming.provenance.messageIds])],
          }
        : existing.provenance;
    return {
      ...existing,
      provenance,
      importance: Math.max(existing.importance, incoming.importance),
      updatedAt: at,
    };
  }

  async function findIdentical(
    tx: WriteTx,
    record: MemoryRecord,
    at: number,
  ): Promise<MemoryRecord | undefined> {
    const candidates = await tx.objectStore('memories').index('byTextKey').getAll(record.textKey);
    const text = normaliseMemoryText(record.text);
    return candidates.find(
      (c) =>
        c.kind === record.kind &&
        // Two personas' identical lines stay two memories: each keeps its own.
        (c.personaId ?? null) === (record.personaId ?? null) &&
        isCurrent(c, at) &&
        normaliseMemoryText(c.text) === text,
    );
  }

  async function addMany(memories: readonly NewMemory[]): Promise<AddResult[]> {
    const at = now();
    const records = memories.map((m) => build(m, at));
    try {
      const tx = db.transaction(withOutbox(db, ['memories']), 'readwrite');
      const results: AddResult[] = [];
      for (const record of records) {
        const existing = await findIdentical(tx, record, at);
        if (existing) {
          const merged = merge(existing, record, at);
          await tx.objectStore('memories').put(merged);
          results.push({ record: merged, created: false });
        } else {
          await tx.objectStore('memories').put(record);
          results.push({ record, created: true });
        }
      }
      await appendEvents(
        tx,
        results.map((r) => memoryEvent(r.record, r.created)),
      );
      await tx.done;
      return results;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async function modify(id: string, change: (record: MemoryRecord, at: number) => MemoryRecord) {
    const at = now();
    try {
      const tx = db.transaction(withOutbox(db, ['memories']), 'readwrite');
      const record = await tx.objectStore('memories').get(id);
      if (!record) throw notFound(id);
      const next = MemoryRecord.parse({ ...change(record, at), updatedAt: at });
      await tx.objectStore('memories').put(next);
      await appendEvents(tx, [memoryEvent(next, false)]);
      await tx.done;
      return next;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /** Changes each existing record of `ids` in one transaction; missing ids are skipped. */
  async function each(ids: readonly string[], change: (record: MemoryRecord, at: number) => MemoryRecord) {
    const at = now();
    try {
      const tx = db.transaction('memories', 'readwrite');
      for (const id of new Set(ids)) {
        const record = await tx.store.get(id);
        if (record) await tx.store.put(change(record, at));
      }
      await tx.done;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async function list(filter: MemoryFilter = {}): Promise<MemoryRecord[]> {
    const at = now();
    try {
      const tx = db.transaction('memories', 'readonly');
      let cursor = await openFilterCursor(tx.store, filter);
      const out: MemoryRecord[] = [];
      const limit = filter.limit ?? Infinity;
      while (cursor && out.length < limit) {
        if (matchesFilter(cursor.value, filter, at)) out.push(cursor.value);
        cursor = await cursor.continue();
      }
      await tx.done;
      return out;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  const take = (ids: readonly string[]) => deleteMemoriesWithVectors(db, ids);

  async function forget(ids: string | readonly string[]): Promise<string[]> {
    const gone = await take(typeof ids === 'string' ? [ids] : ids);
    return gone.map((r) => r.id);
  }

  return {
    add: async (memory) => (await addMany([memory]))[0] as AddResult,
    addMany,
    async get(id) {
      try {
        return await db.get('memories', id);
      } catch (error) {
        throw toStorageError(error);
      }
    },
    async getMany(ids) {
      try {
        const tx = db.transaction('memories', 'readonly');
        const records = await Promise.all(ids.map((id) => tx.store.get(id)));
        await tx.done;
        return records;
      } catch (error) {
        throw toStorageError(error);
      }
    },
    update: (id, patch) =>
      modify(id, (record) => ({
        ...record,
        ...patch,
        ...(patch.text !== undefined ? { text: patch.text.trim(), textKey: memoryTextKey(patch.text) } : {}),
      })),
    async supersede(oldId, replacement) {
      const at = now();
      try {
        const tx = db.transaction(withOutbox(db, ['memories']), 'readwrite');
        const old = await tx.objectStore('memories').get(oldId);
        if (!old) throw notFound(oldId);
        const record = build({ ...replacement, validFrom: replacement.validFrom ?? at }, at);
        const closed = MemoryRecord.parse({
          ...old,
          validUntil: record.validFrom,
          supersededBy: record.id,
          updatedAt: at,
        });
        await tx.objectStore('memories').put(closed);
        await tx.objectStore('memories').put(record);
        await appendEvents(tx, [memoryEvent(record, true), memoryEvent(record, false, closed.id)]);
        await tx.done;
        return { old: closed, record };
      } catch (error) {
        throw toStorageError(error);
      }
    },
    forget,
    take,
    async forgetWhere(filter) {
      // Listing and deleting in two transactions is safe: deleting an id already gone is a no-op.
      const matched = await list({ ...filter, includeSuperseded: filter.includeSuperseded ?? true });
      return forget(matched.map((r) => r.id));
    },
    list,
    async count(filter = {}) {
      const keys = Object.keys(filter).filter((k) => filter[k as keyof MemoryFilter] !== undefined);
      if (keys.length === 1 && keys[0] === 'includeSuperseded' && filter.includeSuperseded) {
        try {
          return await db.count('memories');
        } catch (error) {
          throw toStorageError(error);
        }
      }
      return (await list(filter)).length;
    },
    pin: (id, pinned = true) =>
      modify(id, (record, at) => ({
        ...record,
        pinned,
        pinnedAt: pinned ? (record.pinnedAt ?? at) : undefined,
      })),
    touch: (ids) =>
      each(ids, (record, at) => ({ ...record, accessCount: record.accessCount + 1, lastAccessedAt: at })),
    markEmbedded: (ids, embedderId) => each(ids, (record) => ({ ...record, embedderId })),
  };
}
