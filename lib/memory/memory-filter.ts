import type { IDBPObjectStore } from 'idb';
import type { HearthDB } from '../db/schema';
import { isCurrent, visibleToPersona, type MemoryKind, type MemoryRecord } from './records';

/** Which memories `list`, `count` and `forgetWhere` see. Times are epoch ms, `to` exclusive. */
export interface MemoryFilter {
  kind?: MemoryKind | readonly MemoryKind[];
  site?: string;
  conversationId?: string;
  /** Range on `dateField` (createdAt unless said otherwise). */
  from?: number;
  to?: number;
  dateField?: 'createdAt' | 'validFrom';
  pinned?: boolean;
  /** Superseded and expired memories are left out unless asked for. */
  includeSuperseded?: boolean;
  /** Newest first unless 'oldest'. */
  order?: 'newest' | 'oldest';
  limit?: number;
  /** Only what this persona may recall: its own memories and shared ones. */
  visibleTo?: string;
}

function kindsOf(filter: MemoryFilter): Set<MemoryKind> | undefined {
  if (filter.kind === undefined) return undefined;
  return new Set(typeof filter.kind === 'string' ? [filter.kind] : filter.kind);
}

/** Whether a record passes every filter condition (the index chosen may cover only one). */
export function matchesFilter(record: MemoryRecord, filter: MemoryFilter, now: number): boolean {
  const kinds = kindsOf(filter);
  if (kinds && !kinds.has(record.kind)) return false;
  if (filter.site !== undefined && record.site !== filter.site) return false;
  if (filter.conversationId !== undefined && record.conversationId !== filter.conversationId) return false;
  if (filter.pinned !== undefined && record.pinned !== filter.pinned) return false;
  if (filter.visibleTo !== undefined && !visibleToPersona(record, filter.visibleTo)) return false;
  const date = filter.dateField === 'validFrom' ? record.validFrom : record.createdAt;
  if (filter.from !== undefined && date < filter.from) return false;
  if (filter.to !== undefined && date >= filter.to) return false;
  if (!filter.includeSuperseded && !isCurrent(record, now)) return false;
  return true;
}

/**
 * Opens a cursor on the index that narrows `filter` most (site, conversation, kind,
 * pinned, else date); the rest of the filter is checked per record with matchesFilter.
 */
export async function openFilterCursor(
  store: IDBPObjectStore<HearthDB, ['memories'], 'memories', 'readonly'>,
  filter: MemoryFilter,
) {
  const direction = filter.order === 'oldest' ? 'next' : 'prev';
  const byCreated = filter.dateField !== 'validFrom';
  const lo = byCreated ? (filter.from ?? -Infinity) : -Infinity;
  const hi = byCreated ? (filter.to ?? Infinity) : Infinity;
  const kinds = kindsOf(filter);
  if (filter.site !== undefined) {
    return store
      .index('bySite')
      .openCursor(IDBKeyRange.bound([filter.site, lo], [filter.site, hi]), direction);
  }
  if (filter.conversationId !== undefined) {
    const c = filter.conversationId;
    return store.index('byConversation').openCursor(IDBKeyRange.bound([c, lo], [c, hi]), direction);
  }
  if (kinds?.size === 1) {
    const [kind] = [...kinds] as [MemoryKind];
    return store.index('byKind').openCursor(IDBKeyRange.bound([kind, lo], [kind, hi]), direction);
  }
  if (filter.pinned === true) return store.index('byPinnedAt').openCursor(null, direction);
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;
  const range = Number.isFinite(from) || Number.isFinite(to) ? IDBKeyRange.bound(from, to) : null;
  return store.index(byCreated ? 'byCreatedAt' : 'byValidFrom').openCursor(range, direction);
}
