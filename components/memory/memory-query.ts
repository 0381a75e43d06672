import { isCurrent, type MemoryKind, type MemoryRecord } from '../../lib/memory/records';
import { dateRange } from './memory-dates';

/** Where a memory came from, as the Source filter names it. */
export type MemorySource = 'chat' | 'page';

/**
 * The manager's filters as the toolbar holds them. Dates are `YYYY-MM-DD` in local time
 * (what `<input type="date">` gives), both days included; empty means no bound.
 */
export interface MemoryFilters {
  query: string;
  kind: MemoryKind | '';
  source: MemorySource | '';
  site: string;
  from: string;
  to: string;
  /** Show superseded and expired facts too (struck through in the list). */
  showReplaced: boolean;
}

/** No filter at all: every current memory, newest first. */
export const EMPTY_FILTERS: MemoryFilters = Object.freeze({
  query: '',
  kind: '',
  source: '',
  site: '',
  from: '',
  to: '',
  showReplaced: false,
});

/** The kinds in words, in the order the Kind filter lists them. */
export const KIND_LABELS: Readonly<Record<MemoryKind, string>> = {
  episode: 'Chat turn',
  'user-fact': 'About you',
  'companion-fact': 'About the companion',
  preference: 'Preference',
  event: 'Event',
  reflection: 'Reflection',
  page: 'Page',
};

/** Whether a memory came from chat turns or from a web page. */
export function sourceOf(record: Pick<MemoryRecord, 'provenance'>): MemorySource {
  return record.provenance.type === 'page' ? 'page' : 'chat';
}

/** The host name of a URL, or undefined when it does not parse. */
export function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The site a memory belongs to: the store's `site` (set for page memories), else the
 * host of the page it cites. Host names are compared as they are, like the store does.
 */
export function siteOf(record: Pick<MemoryRecord, 'site' | 'provenance'>): string | undefined {
  if (record.site) return record.site;
  return record.provenance.type === 'page' ? hostnameOf(record.provenance.url) : undefined;
}

/** Whether a URL is safe to put in a link (the schema accepts `javascript:` URLs too). */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Newest first by creation time; ties by id so the order is stable. Sorts a copy. */
export function sortNewestFirst(records: readonly MemoryRecord[]): MemoryRecord[] {
  return [...records].sort(compareNewestFirst);
}

function compareNewestFirst(a: MemoryRecord, b: MemoryRecord): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What filtering needs besides the filters. */
export interface FilterContext {
  now: number;
  /**
   * Search results, best first. When given, the result follows this order (and holds only
   * these memories); otherwise it follows `records` (newest first).
   */
  ranking?: readonly string[];
  byId?: ReadonlyMap<string, MemoryRecord>;
  /** Leave the date range out (the timeline counts what the other filters let through). */
  ignoreDates?: boolean;
}

/** One predicate for every condition of the filters except the search text. */
export function compileFilter(
  filters: MemoryFilters,
  now: number,
  ignoreDates = false,
): (record: MemoryRecord) => boolean {
  const { kind, source, site, showReplaced } = filters;
  const range = ignoreDates ? {} : dateRange(filters.from, filters.to);
  const lo = range.from ?? -Infinity;
  const hi = range.to ?? Infinity;
  return (r) =>
    (kind === '' || r.kind === kind) &&
    (source === '' || sourceOf(r) === source) &&
    (site === '' || siteOf(r) === site) &&
    r.createdAt >= lo &&
    r.createdAt < hi &&
    (showReplaced || isCurrent(r, now));
}

/**
 * The memories the filters let through, in list order: by relevance when there is a
 * ranking, else in the order of `records` (kept newest first by the manager). One pass,
 * no copies beyond the result.
 */
export function filterMemories(
  records: readonly MemoryRecord[],
  filters: MemoryFilters,
  context: FilterContext,
): MemoryRecord[] {
  const keep = compileFilter(filters, context.now, context.ignoreDates);
  const out: MemoryRecord[] = [];
  if (context.ranking) {
    const byId = context.byId ?? new Map(records.map((r) => [r.id, r]));
    for (const id of context.ranking) {
      const r = byId.get(id);
      if (r && keep(r)) out.push(r);
    }
    return out;
  }
  for (const r of records) if (keep(r)) out.push(r);
  return out;
}

/** Keeps those of `records` created in [from, to) (either side open when undefined). */
export function withinDates(records: readonly MemoryRecord[], from?: number, to?: number): MemoryRecord[] {
  if (from === undefined && to === undefined) return records as MemoryRecord[];
  const lo = from ?? -Infinity;
  const hi = to ?? Infinity;
  return records.filter((r) => r.createdAt >= lo && r.createdAt < hi);
}

/** A site and how many memories (history included) came from it. */
export interface SiteCount {
  site: string;
  count: number;
}

/** Every site memories came from, most memories first, then by name. */
export function siteCounts(records: readonly MemoryRecord[]): SiteCount[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    const site = siteOf(r);
    if (site) counts.set(site, (counts.get(site) ?? 0) + 1);
  }
  return [...counts]
    .map(([site, count]) => ({ site, count }))
    .sort((a, b) => b.count - a.count || a.site.localeCompare(b.site));
}

/** Every memory from a site, replaced facts included: what "forget everything from a site" removes. */
export function memoriesFromSite(records: readonly MemoryRecord[], site: string): MemoryRecord[] {
  return records.filter((r) => siteOf(r) === site);
}

/** Every memory made in [from, to), replaced facts included: what "forget a period" removes. */
export function memoriesInPeriod(records: readonly MemoryRecord[], from: number, to: number): MemoryRecord[] {
  return records.filter((r) => r.createdAt >= from && r.createdAt < to);
}

/**
 * Applies changed records to the newest-first list: `undefined` removes a memory, a record
 * replaces the one with its id or is inserted at its place. O(n + m log m), one new array.
 */
export function applyRecordChanges(
  records: readonly MemoryRecord[],
  changed: ReadonlyMap<string, MemoryRecord | undefined>,
): MemoryRecord[] {
  if (changed.size === 0) return records as MemoryRecord[];
  const incoming = [...changed.values()]
    .filter((r): r is MemoryRecord => r !== undefined)
    .sort(compareNewestFirst);
  const out: MemoryRecord[] = [];
  let j = 0;
  for (const r of records) {
    if (changed.has(r.id)) continue;
    while (j < incoming.length && compareNewestFirst(incoming[j] as MemoryRecord, r) < 0)
      out.push(incoming[j++] as MemoryRecord);
    out.push(r);
  }
  while (j < incoming.length) out.push(incoming[j++] as MemoryRecord);
  return out;
}

/** A short quote of a memory's text for messages ("Forgot “I love…”"). */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}

/**
 * A short sentence about a memory: `Forgot “I love tea.”` ends with the quote's own
 * punctuation, `Forgot “I love tea”.` gets a full stop; never both.
 */
export function quotedSentence(verb: string, text: string, max = 60): string {
  const quoted = quote(text, max);
  return `${verb} ${quoted}${/[.!?…]”$/.test(quoted) ? '' : '.'}`;
}

/** "1 memory" / "2,345 memories". */
export function countMemories(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? 'memory' : 'memories'}`;
}
