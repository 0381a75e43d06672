import type { MoodClient, MoodLogEntry } from '../../lib/mood/types';

/** A window of the log, oldest first, and whether older entries in it were left out. */
export interface HistoryWindow {
  entries: MoodLogEntry[];
  /** More than `cap` entries fell in the window: the oldest were dropped. */
  truncated: boolean;
}

/**
 * Reads the log from `from` on, page by page (the client answers oldest first, at most
 * `limit` at a time), keeping the newest `cap` entries. `from` is inclusive, so each page
 * starts at the last page's final millisecond and entries already read there are skipped.
 */
export async function loadHistory(
  client: MoodClient,
  personaId: string,
  from: number,
  { pageSize = 500, cap = 10_000 }: { pageSize?: number; cap?: number } = {},
): Promise<HistoryWindow> {
  const entries: MoodLogEntry[] = [];
  let truncated = false;
  let cursor = from;
  let seenAtCursor = new Set<string>();
  for (;;) {
    const page = await client.history(personaId, { from: cursor, limit: pageSize });
    const fresh = page.filter((e) => !seenAtCursor.has(e.id));
    entries.push(...fresh);
    if (entries.length > cap) {
      entries.splice(0, entries.length - cap);
      truncated = true;
    }
    // A short page is the end; a page with nothing new means more than a page of entries share
    // one millisecond, which paging by time cannot get past: stop rather than loop.
    if (page.length < pageSize || fresh.length === 0) break;
    const last = page.at(-1)!.at;
    if (last !== cursor) seenAtCursor = new Set();
    cursor = last;
    for (const e of page) if (e.at === cursor) seenAtCursor.add(e.id);
  }
  return { entries, truncated };
}
