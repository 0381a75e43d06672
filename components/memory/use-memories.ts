import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { subscribeChanges } from '../../lib/messaging/changes';
import type { MemoryManagerService } from '../../lib/memory/memory-manager-service';
import type { MemoryRecord } from '../../lib/memory/records';
import { applyRecordChanges, sortNewestFirst } from './memory-query';

/** Memories by id; `undefined` means the memory is gone. */
export type MemoryChanges = ReadonlyMap<string, MemoryRecord | undefined>;

/** Told about every change the list takes in: a set of records, or a full reload. */
export type MemoriesListener = (change: MemoryChanges | 'reload') => void;

/** Where loading stands. */
export type LoadState =
  { status: 'loading'; loaded: number } | { status: 'ready' } | { status: 'error'; message: string };

/** Rows read (newest first) and shown before every memory is loaded. */
const FIRST_ROWS = 100;

/** How long notices from other contexts are gathered before one read. */
const COALESCE_MS = 200;

/**
 * Every memory in one newest-first array, kept in step with the database: local changes
 * through `apply`, other contexts' changes (the side panel adding memories, a wipe) through
 * change notices, read back by id and merged without reloading everything.
 */
export function useMemories(service: MemoryManagerService, listener?: MemoriesListener) {
  const [records, setRecords] = useState<MemoryRecord[]>([]);
  const [load, setLoad] = useState<LoadState>({ status: 'loading', loaded: 0 });
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const listen = useRef(listener);
  listen.current = listener;
  const generation = useRef(0);

  const apply = useCallback((changed: MemoryChanges) => {
    if (changed.size === 0) return;
    setRecords((prev) => applyRecordChanges(prev, changed));
    listen.current?.(changed);
  }, []);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoad({ status: 'loading', loaded: 0 });
    try {
      // The newest rows first, at once; the rest (for filters, the timeline, search) after.
      const first = await service.loadNewest(FIRST_ROWS);
      if (mine !== generation.current) return;
      setRecords(first);
      const all = await service.loadAll({
        onProgress: (loaded) => {
          if (mine === generation.current) setLoad({ status: 'loading', loaded });
        },
      });
      if (mine !== generation.current) return;
      setRecords(sortNewestFirst(all));
      setLoad({ status: 'ready' });
      listen.current?.('reload');
    } catch (error) {
      if (mine === generation.current) {
        setLoad({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
  }, [service]);

  /** Reads these memories again and merges them (gone ones drop out). */
  const refresh = useCallback(
    async (ids: readonly string[]) => {
      if (ids.length === 0) return;
      apply(await service.read(ids));
    },
    [service, apply],
  );

  const loadTitles = useCallback(async () => {
    setTitles(await service.conversationTitles());
  }, [service]);

  useEffect(() => {
    void reload();
    loadTitles().catch((error: unknown) => console.warn('Hearth: conversation titles not loaded', error));
    let pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      const ids = [...pending];
      pending = new Set();
      refresh(ids).catch((error: unknown) => console.warn('Hearth: memories not refreshed', error));
    };
    const stop = subscribeChanges((change) => {
      if (change.topic === 'conversations') void loadTitles().catch(() => {});
      if (change.topic !== 'memories') return;
      if (!change.ids) {
        // No ids: a wipe or an import. Read everything again.
        clearTimeout(timer);
        pending = new Set();
        void reload();
        return;
      }
      for (const id of change.ids) pending.add(id);
      clearTimeout(timer);
      timer = setTimeout(flush, COALESCE_MS);
    });
    return () => {
      stop();
      clearTimeout(timer);
      generation.current++;
    };
  }, [reload, refresh, loadTitles]);

  const byId = useMemo(() => new Map(records.map((r) => [r.id, r])), [records]);

  return { records, byId, load, titles, apply, refresh, reload };
}
