/**
 * "What Hearth saw": every page read is logged with its text (capped) and token count, for
 * the user to read and clear; on allowed sites, when the user keeps them, a short summary
 * with the address is kept as well. Everything expires after the user's period; expired
 * entries are deleted on each write and never returned. Records from an older version or
 * damaged are skipped when listed, never fatal.
 */
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { getDb } from '../db/open';
import { capText } from '../context/extract/block-text';
import { PageSummaryRecord, SEEN_TEXT_CHARS, SeenRecord, SUMMARY_CHARS } from './seen-records';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One read to log. */
export interface SeenEntry {
  url: string;
  site: string;
  title: string;
  text: string;
  tokens: number;
  injectionSuspected: boolean;
}

/** What the user chose to keep (from the privacy settings). */
export interface KeepPolicy {
  keepDays: number;
  /** Keep a summary: true only on an allowed site with summaries switched on. */
  keepSummary: boolean;
}

/** An extractive summary: the first sentences, up to {@link SUMMARY_CHARS}. */
export function shortSummary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = flat.match(/[^.!?。]+[.!?。]+(\s|$)/g) ?? [flat];
  let out = '';
  for (const sentence of sentences) {
    if ((out + sentence).length > SUMMARY_CHARS) break;
    out += sentence;
  }
  return (out.trim() || capText(flat, SUMMARY_CHARS).text).slice(0, SUMMARY_CHARS);
}

/** The seen log over Hearth's database. */
export function createSeenLog(db: IDBPDatabase<HearthDB>, now: () => number = Date.now) {
  async function purgeExpired(): Promise<number> {
    const tx = db.transaction(['seenLog', 'pageSummaries'], 'readwrite');
    let removed = 0;
    for (const store of ['seenLog', 'pageSummaries'] as const) {
      let cursor = await tx.objectStore(store).index('byExpiresAt').openCursor(IDBKeyRange.upperBound(now()));
      while (cursor) {
        removed += 1;
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.done;
    return removed;
  }

  return {
    /** Logs a read (and its summary, when kept); returns the log record. */
    async record(entry: SeenEntry, policy: KeepPolicy): Promise<SeenRecord> {
      await purgeExpired();
      const at = now();
      const expiresAt = at + policy.keepDays * DAY_MS;
      const record: SeenRecord = {
        id: `${at.toString(36)}-${crypto.randomUUID()}`,
        url: entry.url,
        site: entry.site,
        title: entry.title.slice(0, 500),
        text: capText(entry.text, SEEN_TEXT_CHARS).text,
        tokens: entry.tokens,
        chars: entry.text.length,
        injectionSuspected: entry.injectionSuspected,
        at,
        expiresAt,
      };
      const tx = db.transaction(['seenLog', 'pageSummaries'], 'readwrite');
      await tx.objectStore('seenLog').put(record);
      if (policy.keepSummary && entry.text.trim()) {
        await tx.objectStore('pageSummaries').put({
          url: entry.url,
          site: entry.site,
          title: record.title,
          summary: shortSummary(entry.text),
          at,
          expiresAt,
        });
      }
      await tx.done;
      return record;
    },
    /** The log, newest first, without expired or unreadable entries. */
    async list(): Promise<SeenRecord[]> {
      const rows = await db.getAllFromIndex('seenLog', 'byAt');
      return rows
        .flatMap((row) => {
          const parsed = SeenRecord.safeParse(row);
          return parsed.success && parsed.data.expiresAt > now() ? [parsed.data] : [];
        })
        .reverse();
    },
    /** Kept summaries, newest first. */
    async summaries(): Promise<PageSummaryRecord[]> {
      const rows = await db.getAll('pageSummaries');
      return rows
        .flatMap((row) => {
          const parsed = PageSummaryRecord.safeParse(row);
          return parsed.success && parsed.data.expiresAt > now() ? [parsed.data] : [];
        })
        .sort((a, b) => b.at - a.at);
    },
    /** Deletes the whole log and every summary. */
    async clear(): Promise<void> {
      const tx = db.transaction(['seenLog', 'pageSummaries'], 'readwrite');
      await Promise.all([
        tx.objectStore('seenLog').clear(),
        tx.objectStore('pageSummaries').clear(),
        tx.done,
      ]);
    },
    /** Deletes what a site left in the log and summaries ("Not here"). */
    async forgetSite(site: string): Promise<void> {
      const tx = db.transaction(['seenLog', 'pageSummaries'], 'readwrite');
      for (const store of ['seenLog', 'pageSummaries'] as const) {
        let cursor = await tx.objectStore(store).openCursor();
        while (cursor) {
          if ((cursor.value as { site?: string }).site === site) await cursor.delete();
          cursor = await cursor.continue();
        }
      }
      await tx.done;
    },
    purgeExpired,
  };
}

/** The seen log's interface. */
export type SeenLog = ReturnType<typeof createSeenLog>;

/** The seen log over this context's shared database connection. */
export async function openSeenLog(): Promise<SeenLog> {
  return createSeenLog(await getDb());
}
