import { z } from 'zod';
import { PageContext, type PageArticle, type PageReport } from '../messaging/protocol';
import {
  createSerialWriter,
  createStoredValue,
  type KeyValueArea,
  type SerialWriter,
} from '../companion/background/serial-writer';

export type { KeyValueArea };

const KEY = 'pageContexts';
const Stored = z.record(z.string(), z.unknown());

/** Reads the stored map; entries written by an older version or damaged are dropped one by one. */
function parseContexts(stored: unknown): Record<string, PageContext> {
  const parsed = Stored.safeParse(stored ?? {});
  const out: Record<string, PageContext> = {};
  if (!parsed.success) return out;
  for (const [tab, value] of Object.entries(parsed.data)) {
    const context = PageContext.safeParse(value);
    if (context.success) out[tab] = context.data;
  }
  return out;
}

/** What the tracker is built from: the background's one serial writer and its clock. */
export interface PageTrackerOptions {
  /** Shared with every other read-modify-write of background state; a private one if absent. */
  writer?: SerialWriter;
  now?: () => number;
}

/**
 * What each tab shows, as its content script reported it. Kept in a storage area, not in
 * variables: the service worker is stopped when idle and must find it again on wake. The
 * map is stored whole, so every change goes through the serial writer: reports from
 * several tabs at once each keep their tab.
 */
export function createPageTracker(area: KeyValueArea, options: PageTrackerOptions = {}) {
  const now = options.now ?? Date.now;
  const contexts = createStoredValue(area, KEY, parseContexts, options.writer ?? createSerialWriter());

  return {
    record(tabId: number, report: PageReport): Promise<PageContext> {
      return contexts.update((all) => {
        const previous = all[tabId];
        const samePage = previous?.url === report.url;
        const context: PageContext = {
          tabId,
          url: report.url,
          title: report.title,
          selection: report.selection,
          firstSeenAt: samePage ? previous.firstSeenAt : now(),
          updatedAt: now(),
          // A new selection on the page already read keeps what was read of it.
          ...(samePage && previous.article ? { article: previous.article } : {}),
        };
        return { next: { ...all, [tabId]: context }, result: context };
      });
    },
    /** Records what was read of the tab's page (the article replaces any earlier one). */
    recordArticle(tabId: number, article: PageArticle): Promise<PageContext> {
      return contexts.update((all) => {
        const previous = all[tabId];
        const samePage = previous?.url === article.url;
        const context: PageContext = {
          tabId,
          url: article.url,
          title: article.title,
          selection: article.selection,
          firstSeenAt: samePage ? previous.firstSeenAt : now(),
          updatedAt: now(),
          article,
        };
        return { next: { ...all, [tabId]: context }, result: context };
      });
    },
    /** Drops what was read of every tab whose address `matches` (a site blocked, a pause); returns their tabs. */
    forgetArticles(matches: (url: string) => boolean): Promise<number[]> {
      return contexts.update((all) => {
        const next: Record<string, PageContext> = {};
        const changed: number[] = [];
        for (const [tab, context] of Object.entries(all)) {
          if (context.article && matches(context.url)) {
            const { article: _dropped, ...rest } = context;
            next[tab] = rest;
            changed.push(context.tabId);
          } else next[tab] = context;
        }
        return { next, result: changed };
      });
    },
    async get(tabId: number): Promise<PageContext | null> {
      return (await contexts.read())[tabId] ?? null;
    },
    forget(tabId: number): Promise<void> {
      return contexts.update((all) => {
        const { [tabId]: _gone, ...rest } = all;
        return { next: rest, result: undefined };
      });
    },
    async count(): Promise<number> {
      return Object.keys(await contexts.read()).length;
    },
  };
}

/** The page tracker's interface. */
export type PageTracker = ReturnType<typeof createPageTracker>;
