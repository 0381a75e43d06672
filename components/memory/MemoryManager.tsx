import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { naturalFactText } from '../../lib/memory/fact-text';
import type { MemoryManagerService } from '../../lib/memory/memory-manager-service';
import { isCurrent, type MemoryRecord } from '../../lib/memory/records';
import { BulkForget } from './BulkForget';
import { EditMemoryDialog, type MemoryEdit } from './EditMemoryDialog';
import { publishMemoryChange } from './memory-actions';
import {
  EMPTY_FILTERS,
  countMemories,
  filterMemories,
  quotedSentence,
  siteCounts,
  withinDates,
  type MemoryFilters,
} from './memory-query';
import { dateRange, monthBuckets, toDateInput } from './memory-dates';
import { ESTIMATED_ROW_HEIGHT, MemoryRow } from './MemoryRow';
import { MemoryToolbar } from './MemoryToolbar';
import { Timeline } from './Timeline';
import { UndoToast } from './UndoToast';
import { EDIT_FIELDS, PIN_FIELDS, useUndo } from './use-undo';
import { useMemories } from './use-memories';
import { useMemorySearch } from './use-memory-search';
import { VirtualList, type ScrollRequest } from './VirtualList';
import './memory.css';

/** Typing pauses this long before the list is searched again. */
const SEARCH_DEBOUNCE_MS = 150;

/** The memory a `#memory=<id>` link points at. */
function linkedMemory(): string | null {
  const match = /^#memory=(.+)$/.exec(location.hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** Props of the memory manager. */
export interface MemoryManagerProps {
  /** Where the memories are read and changed (lib/companion/options-services.ts makes it). */
  service: MemoryManagerService;
  /** Height of the list in px (tests); CSS decides otherwise. */
  listHeight?: number;
}

/**
 * The memory manager of the options page: search with the chat's retrieval, filters,
 * a virtual list of every memory with where and when it came from, edit, pin, forget,
 * bulk forget by site or period, undo, and a timeline. `#memory=<id>` scrolls to a memory.
 */
export function MemoryManager({ service, listHeight }: MemoryManagerProps) {
  const [filters, setFilters] = useState<MemoryFilters>(EMPTY_FILTERS);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<MemoryRecord | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(() => linkedMemory());
  const [highlight, setHighlight] = useState<string | null>(null);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | undefined>(undefined);
  const root = useRef<HTMLElement>(null);
  const editOpener = useRef<HTMLElement | null>(null);
  const targetReset = useRef<string | null>(null);

  const memories = useMemories(service, (change) => search.update(change));
  const { records, byId, load, titles } = memories;
  const search = useMemorySearch(records, byId, query);
  const undo = useUndo(service, (ids) => void memories.refresh(ids));

  useEffect(() => {
    const t = setTimeout(() => setQuery(filters.query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [filters.query]);

  useEffect(() => {
    const onHash = () => setTarget(linkedMemory());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // One clock per data version: what counts as "replaced" does not flicker while scrolling.
  const now = useMemo(() => Date.now(), [records]);
  const { kind, source, site, showReplaced } = filters;
  const undated = useMemo(
    () =>
      filterMemories(
        records,
        { ...EMPTY_FILTERS, kind, source, site, showReplaced },
        { now, ranking: search.ranking, byId, ignoreDates: true },
      ),
    [records, byId, now, kind, source, site, showReplaced, search.ranking],
  );
  const range = dateRange(filters.from, filters.to);
  const visible = useMemo(() => withinDates(undated, range.from, range.to), [undated, range.from, range.to]);
  const buckets = useMemo(() => monthBuckets(undated), [undated]);
  const sites = useMemo(() => siteCounts(records), [records]);
  const ready = load.status === 'ready';

  // Deep link: show the memory even if the filters hid it, then scroll to it and mark it.
  useEffect(() => {
    if (!target || !ready) return;
    const record = byId.get(target);
    if (!record) {
      setProblem('That memory is no longer here: it may have been forgotten.');
      setTarget(null);
      return;
    }
    const index = visible.findIndex((r) => r.id === target);
    if (index < 0) {
      if (targetReset.current === target) return; // waiting for the reset filters to apply
      targetReset.current = target;
      setFilters({ ...EMPTY_FILTERS, showReplaced: !isCurrent(record, now) });
      setQuery('');
      return;
    }
    targetReset.current = null;
    setTarget(null);
    setHighlight(target);
    setScrollRequest({ index, token: Date.now(), focus: true });
    root.current?.scrollIntoView({ block: 'start' });
  }, [target, ready, byId, visible, now]);

  const changeFilters = useCallback((patch: Partial<MemoryFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    if (patch.query === '') setQuery('');
  }, []);

  /** Runs an action on a memory, showing a failure in words (and dropping it if it is gone). */
  const attempt = async (id: string, action: () => Promise<void>) => {
    setProblem(null);
    try {
      await action();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      void memories.refresh([id]).catch(() => {});
    }
  };

  const forget = async (chosen: readonly MemoryRecord[], message: (n: number) => string) => {
    const gone = await service.forget(chosen.map((r) => r.id));
    memories.apply(new Map(chosen.map((r) => [r.id, undefined])));
    publishMemoryChange(gone.map((r) => r.id));
    undo.offer({ type: 'forget', message: message(gone.length), records: gone });
  };

  const onForget = (record: MemoryRecord) =>
    attempt(record.id, () => forget([record], () => quotedSentence('Forgot', naturalFactText(record))));

  const onPin = (record: MemoryRecord) =>
    attempt(record.id, async () => {
      const next = await service.pin(record.id, !record.pinned);
      memories.apply(new Map([[next.id, next]]));
      publishMemoryChange([next.id]);
      const verb = next.pinned ? 'Pinned' : 'Unpinned';
      undo.offer({
        type: 'fields',
        message: quotedSentence(verb, naturalFactText(record)),
        previous: [record],
        fields: PIN_FIELDS,
      });
    });

  const onEdit = (record: MemoryRecord) => {
    editOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setEditing(record);
  };

  const closeEditor = () => {
    setEditing(null);
    editOpener.current?.focus();
  };

  const saveEdit = async (patch: MemoryEdit) => {
    if (!editing) return;
    const before = byId.get(editing.id) ?? editing;
    const next = await service.update(editing.id, patch);
    memories.apply(new Map([[next.id, next]]));
    publishMemoryChange([next.id]);
    undo.offer({
      type: 'fields',
      message: quotedSentence('Edited', naturalFactText(next)),
      previous: [before],
      fields: EDIT_FIELDS,
    });
    closeEditor();
  };

  const total = records.length;
  const status =
    load.status === 'loading'
      ? `Loading memories… ${load.loaded.toLocaleString()}`
      : load.status === 'error'
        ? load.message
        : search.indexing !== null && filters.query.trim() !== ''
          ? `Preparing search… ${Math.round(search.indexing * 100)}%`
          : visible.length === total
            ? countMemories(total)
            : `${visible.length.toLocaleString()} of ${countMemories(total)}`;

  return (
    <section
      ref={root}
      class="memory-manager stack"
      aria-label="Memory manager"
      data-ready={ready ? 'true' : 'false'}
    >
      <MemoryToolbar
        filters={filters}
        onChange={changeFilters}
        sites={sites}
        onSearchFocus={() => ready && void search.prepare()}
      />
      <p class={load.status === 'error' ? 'error' : 'muted memory-count'} role="status">
        {status}
        {search.stale && search.indexing === null ? ' · searching…' : ''}
      </p>
      {(problem ?? search.error) && (
        <p class="error" role="alert">
          {problem ?? search.error}
        </p>
      )}
      <Timeline
        buckets={buckets}
        selected={range}
        onSelect={(b) =>
          changeFilters(b ? { from: toDateInput(b.start), to: toDateInput(b.end - 1) } : { from: '', to: '' })
        }
      />
      <VirtualList
        items={visible}
        estimatedRowHeight={ESTIMATED_ROW_HEIGHT}
        height={listHeight}
        ariaLabel="Memories"
        class="memory-list"
        getKey={(r) => r.id}
        scrollRequest={scrollRequest}
        rowClass={(r) => (r.id === highlight ? 'memory-highlight' : undefined)}
        empty={
          <p class="muted memory-empty">
            {!ready ? 'Loading…' : total === 0 ? 'No memories yet.' : 'No memory matches these filters.'}
          </p>
        }
        renderRow={(r) => (
          <MemoryRow
            record={r}
            replacement={r.supersededBy ? byId.get(r.supersededBy) : undefined}
            conversationTitle={r.conversationId ? titles.get(r.conversationId) : undefined}
            now={now}
            matched={search.matched?.get(r.id)}
            onEdit={onEdit}
            onPin={onPin}
            onForget={onForget}
          />
        )}
      />
      <BulkForget
        records={records}
        sites={sites}
        onForget={(chosen, what) => forget(chosen, (n) => `Forgot ${countMemories(n)} ${what}.`)}
      />
      {editing && (
        <EditMemoryDialog key={editing.id} record={editing} onSave={saveEdit} onCancel={closeEditor} />
      )}
      <UndoToast
        toast={undo.toast}
        onUndo={() => void undo.undo()}
        onDismiss={undo.dismiss}
        onPause={undo.pause}
        onResume={undo.resume}
      />
    </section>
  );
}
