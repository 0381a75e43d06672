import { z } from 'zod';
import { pageKeyOf } from './page-key';
import { topicOf } from './topic';

/** What tracking keeps of one page (one key: address without query and fragment). */
export const PageStats = z.object({
  key: z.string(),
  site: z.string(),
  /** The latest full address seen for it, for the comment's link. */
  url: z.string(),
  title: z.string(),
  /** A few keywords of its title and headings (lib/page/tracking/topic.ts). */
  topic: z.array(z.string()),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  /** How many separate visits (a return after REVISIT_GAP_MS is a new one). */
  visits: z.number().int().nonnegative(),
  /** Time the page's tab was focused, over all visits. */
  dwellMs: z.number().nonnegative(),
  /** Time focused during the current visit. */
  visitDwellMs: z.number().nonnegative(),
  visitStartedAt: z.number(),
});
export type PageStats = z.infer<typeof PageStats>;

/** Tracking as stored: pages by key, which page each tab shows, and which tab has the focus. */
export const TrackingState = z.object({
  pages: z.record(z.string(), PageStats),
  /** Tab id → page key, for the tabs whose content script reported a page. */
  tabs: z.record(z.string(), z.string()),
  /** The focused tab (null: another application, or no window) and when dwell was last counted. */
  focus: z.object({ tabId: z.number().int().nullable(), accruedAt: z.number() }),
  /** The last sign of the user acting on a page (a report, a selection, a tab switch). */
  lastActivityAt: z.number(),
});
export type TrackingState = z.infer<typeof TrackingState>;

/** A page seen again after this long is a new visit (a revisit), not the same one. */
export const REVISIT_GAP_MS = 10 * 60_000;
/**
 * The most dwell one counting step adds. Steps come every 30 s (an alarm) or sooner; a
 * longer gap means the machine slept or the browser was closed, which is not reading.
 */
export const MAX_DWELL_STEP_MS = 90_000;
/** Pages kept: the most recently seen ones. */
export const MAX_PAGES = 500;
/** Pages not seen for this long are forgotten. */
export const MAX_PAGE_AGE_MS = 30 * 24 * 3_600_000;

/** Tracking before anything was seen. */
export function emptyTracking(now: number): TrackingState {
  return { pages: {}, tabs: {}, focus: { tabId: null, accruedAt: now }, lastActivityAt: 0 };
}

/** The stored state, or an empty one when it is missing, older or damaged (one bad page is dropped alone). */
export function parseTracking(stored: unknown, now: number): TrackingState {
  const whole = TrackingState.safeParse(stored);
  if (whole.success) return whole.data;
  const state = emptyTracking(now);
  const pages = (stored as { pages?: unknown } | null)?.pages;
  if (pages && typeof pages === 'object') {
    for (const [key, value] of Object.entries(pages)) {
      const page = PageStats.safeParse(value);
      if (page.success && page.data.key === key) state.pages[key] = page.data;
    }
  }
  return state;
}

/** Counts the focused page's dwell up to `now` (at most MAX_DWELL_STEP_MS at once). */
export function accrueDwell(state: TrackingState, now: number): TrackingState {
  const { tabId, accruedAt } = state.focus;
  const key = tabId === null ? undefined : state.tabs[String(tabId)];
  const page = key ? state.pages[key] : undefined;
  const focus = { tabId, accruedAt: Math.max(accruedAt, now) };
  if (!page || now <= accruedAt) return { ...state, focus };
  const step = Math.min(now - accruedAt, MAX_DWELL_STEP_MS);
  const counted: PageStats = {
    ...page,
    dwellMs: page.dwellMs + step,
    visitDwellMs: page.visitDwellMs + step,
    lastSeenAt: now,
  };
  return { ...state, pages: { ...state.pages, [page.key]: counted }, focus };
}

/** What a content script reported of its tab's page (and, once read, its headings). */
export interface SeenPage {
  tabId: number;
  url: string;
  title: string;
  headings?: readonly string[];
}

/**
 * A tab reported its page: a new page, a revisit (seen before, but not by this tab just
 * now, and not for REVISIT_GAP_MS), or the same visit going on (a selection, a re-report).
 */
export function pageSeen(state: TrackingState, seen: SeenPage, now: number): TrackingState {
  const where = pageKeyOf(seen.url);
  if (!where) return state;
  const counted = accrueDwell(state, now);
  const before = counted.pages[where.key];
  const sameVisit =
    before !== undefined &&
    (counted.tabs[String(seen.tabId)] === where.key || now - before.lastSeenAt < REVISIT_GAP_MS);
  const topic = topicOf(seen.title, seen.headings ?? []);
  const page: PageStats = before
    ? {
        ...before,
        url: seen.url,
        title: seen.title,
        // A re-report without headings keeps the topic the read article gave.
        topic: seen.headings?.length || before.topic.length === 0 ? topic : before.topic,
        lastSeenAt: now,
        ...(sameVisit ? {} : { visits: before.visits + 1, visitDwellMs: 0, visitStartedAt: now }),
      }
    : {
        key: where.key,
        site: where.site,
        url: seen.url,
        title: seen.title,
        topic,
        firstSeenAt: now,
        lastSeenAt: now,
        visits: 1,
        dwellMs: 0,
        visitDwellMs: 0,
        visitStartedAt: now,
      };
  return {
    ...counted,
    pages: { ...counted.pages, [where.key]: page },
    tabs: { ...counted.tabs, [String(seen.tabId)]: where.key },
    lastActivityAt: now,
  };
}

/** The focus moved to `tabId` (null: away from the browser); dwell is counted up to now first. */
export function focusTab(state: TrackingState, tabId: number | null, now: number): TrackingState {
  const counted = accrueDwell(state, now);
  if (counted.focus.tabId === tabId) return counted;
  return { ...counted, focus: { tabId, accruedAt: now }, lastActivityAt: now };
}

/** A tab was closed: its dwell is counted, and it no longer shows a page. */
export function tabClosed(state: TrackingState, tabId: number, now: number): TrackingState {
  const counted = accrueDwell(state, now);
  const { [String(tabId)]: _gone, ...tabs } = counted.tabs;
  const focus = counted.focus.tabId === tabId ? { tabId: null, accruedAt: now } : counted.focus;
  return { ...counted, tabs, focus };
}

/** The page the focused tab shows, if tracking knows it. */
export function focusedPage(state: TrackingState): (PageStats & { tabId: number }) | null {
  const tabId = state.focus.tabId;
  if (tabId === null) return null;
  const key = state.tabs[String(tabId)];
  const page = key ? state.pages[key] : undefined;
  return page ? { ...page, tabId } : null;
}

/** Forgets pages not seen for MAX_PAGE_AGE_MS and all but the MAX_PAGES most recent. */
export function prunePages(
  state: TrackingState,
  now: number,
  limits: { maxPages?: number; maxAgeMs?: number } = {},
): TrackingState {
  const maxPages = limits.maxPages ?? MAX_PAGES;
  const maxAge = limits.maxAgeMs ?? MAX_PAGE_AGE_MS;
  const shown = new Set(Object.values(state.tabs));
  // Pages a tab shows now always stay (and count toward the cap); the rest by recency.
  const all = Object.values(state.pages);
  const others = all
    .filter((p) => !shown.has(p.key) && now - p.lastSeenAt <= maxAge)
    .sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  const showing = all.filter((p) => shown.has(p.key));
  const kept = [...showing, ...others.slice(0, Math.max(0, maxPages - showing.length))];
  if (kept.length === Object.keys(state.pages).length) return state;
  return { ...state, pages: Object.fromEntries(kept.map((p) => [p.key, p])) };
}
