import { z } from 'zod';
import { PageContext, type PageReport } from '../messaging/protocol';
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
        };
        return { next: { ...all, [tabId]: context }, result: context };
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
