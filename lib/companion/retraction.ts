import type { MemoryStore } from '../memory/memory-store';
import { sourceMessageIds, type MemoryRecord } from '../memory/records';

/** What a retraction changed, and what undoing it needs. */
export interface Retraction {
  /** Memories whose only sources were the retracted messages: forgotten. */
  forgotten: string[];
  /** Memories that keep other sources: those message ids were taken out of them. */
  trimmed: string[];
  /** Facts reopened because the fact that had replaced them was forgotten. */
  reopened: string[];
  /** Every record as it was before, for undo. */
  before: MemoryRecord[];
}

/**
 * Takes back what was learned from `messageIds` (an edited or regenerated turn, a deleted
 * conversation). A memory drawn only from those messages is forgotten; one also drawn
 * from others keeps those and loses these. A fact that had superseded an older one and is
 * forgotten hands "current" back to the older one, which it had closed.
 */
export async function retractMessages(
  store: MemoryStore,
  messageIds: readonly string[],
): Promise<Retraction> {
  const retracted = new Set(messageIds);
  const result: Retraction = { forgotten: [], trimmed: [], reopened: [], before: [] };
  if (retracted.size === 0) return result;
  const all = await store.list({ includeSuperseded: true, order: 'oldest' });
  const touched = all.filter((r) => sourceMessageIds(r).some((id) => retracted.has(id)));
  if (touched.length === 0) return result;
  const forgetting = new Set<string>();
  for (const record of touched) {
    result.before.push(record);
    const keep = sourceMessageIds(record).filter((id) => !retracted.has(id));
    if (keep.length === 0) forgetting.add(record.id);
    else {
      await store.update(record.id, { provenance: { type: 'messages', messageIds: keep } });
      result.trimmed.push(record.id);
    }
  }
  for (const older of all) {
    if (older.supersededBy && forgetting.has(older.supersededBy) && !forgetting.has(older.id)) {
      result.before.push(older);
      await store.update(older.id, { supersededBy: undefined, validUntil: undefined });
      result.reopened.push(older.id);
    }
  }
  result.forgotten = await store.forget([...forgetting]);
  return result;
}

/** Puts back what a retraction changed (the undo of a conversation's deletion). */
export async function undoRetraction(store: MemoryStore, retraction: Retraction): Promise<string[]> {
  const gone = new Set(retraction.forgotten);
  const restored: string[] = [];
  for (const record of retraction.before) {
    if (gone.has(record.id)) {
      await store.add({ ...record, pinned: record.pinned });
    } else {
      await store.update(record.id, {
        provenance: record.provenance,
        supersededBy: record.supersededBy,
        validUntil: record.validUntil,
      });
    }
    restored.push(record.id);
  }
  return restored;
}
