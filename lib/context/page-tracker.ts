import { z } from 'zod';
import { PageContext, type PageReport } from '../messaging/protocol';

/** The part of a storage area the tracker needs (storage.session in the extension). */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const KEY = 'pageContexts';
const Stored = z.record(z.string(), z.unknown());

/**
 * What each tab shows, as its content script reported it. Kept in a storage area, not in
 * variables: the service worker is stopped when idle and must find it again on wake.
 */
export function createPageTracker(area: KeyValueArea, now: () => number = Date.now) {
  async function readAll(): Promise<Record<string, PageContext>> {
    const parsed = Stored.safeParse((await area.get(KEY))[KEY] ?? {});
    const out: Record<string, PageContext> = {};
    if (!parsed.success) return out;
    // Entries written by an older version or damaged are dropped one by one, not all together.
    for (const [tab, value] of Object.entries(parsed.data)) {
      const context = PageContext.safeParse(value);
      if (context.success) out[tab] = context.data;
    }
    return out;
  }

  return {
    async record(tabId: number, report: PageReport): Promise<PageContext> {
      const all = await readAll();
      const previous = all[tabId];
      const samePage = previous?.url === report.url;
      const context: PageContext = {
        tabId,
        url: report.url,
        title: report.title,
        selection: report.selection,
        firstSeenAt: samePage ? previous.firstSeenAt : now(),
        updatedAt: now(),
      };
      await area.set({ [KEY]: { ...all, [tabId]: context } });
      return context;
    },
    async get(tabId: number): Promise<PageContext | null> {
      return (await readAll())[tabId] ?? null;
    },
    async forget(tabId: number): Promise<void> {
      const all = await readAll();
      delete all[tabId];
      await area.set({ [KEY]: all });
    },
    async count(): Promise<number> {
      return Object.keys(await readAll()).length;
    },
  };
}

/** The page tracker's interface. */
export type PageTracker = ReturnType<typeof createPageTracker>;
