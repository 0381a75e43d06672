import { MemoryKind } from '../../lib/memory/records';
import {
  EMPTY_FILTERS,
  KIND_LABELS,
  type MemoryFilters,
  type MemorySource,
  type SiteCount,
} from './memory-query';

/** Props of the filter bar. */
export interface MemoryToolbarProps {
  filters: MemoryFilters;
  onChange: (patch: Partial<MemoryFilters>) => void;
  sites: readonly SiteCount[];
  /** The search box got focus: a good moment to start building the search index. */
  onSearchFocus?: () => void;
}

/** Search box and filters: kind, source, site, date range, and whether to show replaced facts. */
export function MemoryToolbar({ filters, onChange, sites, onSearchFocus }: MemoryToolbarProps) {
  const filtered =
    filters.query !== '' ||
    filters.kind !== '' ||
    filters.source !== '' ||
    filters.site !== '' ||
    filters.from !== '' ||
    filters.to !== '';
  // A site chosen before its memories were forgotten stays listed so the select shows it.
  const siteListed = filters.site === '' || sites.some((s) => s.site === filters.site);
  return (
    <div class="memory-toolbar stack" role="search">
      <label>
        Search memories
        <input
          type="search"
          value={filters.query}
          placeholder="Words or names…"
          onInput={(e) => onChange({ query: e.currentTarget.value })}
          onFocus={onSearchFocus}
        />
      </label>
      <div class="memory-filters">
        <label>
          Kind
          <select
            value={filters.kind}
            onChange={(e) => onChange({ kind: e.currentTarget.value as MemoryKind | '' })}
          >
            <option value="">All kinds</option>
            {MemoryKind.options.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select
            value={filters.source}
            onChange={(e) => onChange({ source: e.currentTarget.value as MemorySource | '' })}
          >
            <option value="">Chats and pages</option>
            <option value="chat">Chat</option>
            <option value="page">Page</option>
          </select>
        </label>
        <label>
          Site
          <select value={filters.site} onChange={(e) => onChange({ site: e.currentTarget.value })}>
            <option value="">All sites</option>
            {!siteListed && <option value={filters.site}>{filters.site}</option>}
            {sites.map((s) => (
              <option key={s.site} value={s.site}>
                {s.site} ({s.count.toLocaleString()})
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={filters.from}
            onInput={(e) => onChange({ from: e.currentTarget.value })}
          />
        </label>
        <label>
          To
          <input type="date" value={filters.to} onInput={(e) => onChange({ to: e.currentTarget.value })} />
        </label>
      </div>
      <div class="row">
        <label class="row">
          <input
            type="checkbox"
            checked={filters.showReplaced}
            onChange={(e) => onChange({ showReplaced: e.currentTarget.checked })}
          />
          Show replaced facts
        </label>
        {filtered && (
          <button
            type="button"
            class="link"
            onClick={() => onChange({ ...EMPTY_FILTERS, showReplaced: filters.showReplaced })}
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
