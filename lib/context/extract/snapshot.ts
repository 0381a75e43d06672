/**
 * The part of reading that must run on the page: the visibility walk over the live,
 * laid-out DOM (visible-copy.ts), written straight into an HTML string of the visible
 * nodes (html-sink.ts), in idle-callback slices. Readability does not run here: the
 * snapshot crosses to the extension, which finds the article in it (article.ts), so the
 * page's main thread never carries one long task. Imports nothing heavy: this is the
 * script injected into every page Hearth reads.
 */
import { capText } from './block-text';
import { createHtmlSink } from './html-sink';
import { selectedVisibleText } from './selection-text';
import { browserSliceHost, createTimeSlicer, type SliceHost } from './time-slicer';
import { browserLayout, walkVisible } from './visible-copy';
import type { Layout } from './visibility';

/** What the page side sends the extension: only what a person can see. */
export interface VisibleSnapshot {
  url: string;
  title: string;
  selection: string;
  /** The body's visible nodes as HTML (kept attributes only, see html-sink.ts). */
  html: string;
  hiddenChars: number;
  hiddenByReason: Record<string, number>;
  /** Hidden text, only to judge whether the page hides instructions (never stored or prompted). */
  hiddenSample: string;
  /** Main-thread cost in ms of the walk's slices: the longest, the total, how many. */
  cost: { longestTaskMs: number; totalMs: number; tasks: number };
}

/** Size caps of a snapshot: what may cross from a page to the extension. */
export const SNAPSHOT_LIMITS = { html: 2_000_000, title: 500, selection: 4000 } as const;

/** How long one slice of the walk may run before the page gets the thread back (ms). */
export const SLICE_BUDGET_MS = 4;

/** Where {@link snapshotVisiblePage} reads; the defaults are the live window. */
export interface SnapshotDeps {
  layout?: Layout;
  host?: SliceHost;
}

/** A snapshot and the live text nodes it found visible (for later selections). */
export interface SnapshotResult {
  snapshot: VisibleSnapshot;
  visibleText: Text[];
}

/** Takes a snapshot of what a person can see of the page shown in `win`. */
export async function snapshotVisiblePage(
  win: Window & typeof globalThis,
  deps: SnapshotDeps = {},
): Promise<SnapshotResult> {
  const doc = win.document;
  const host = deps.host ?? browserSliceHost(win);
  const slicer = createTimeSlicer(host, SLICE_BUDGET_MS);
  const sink = createHtmlSink();
  const walk = await walkVisible(doc, deps.layout ?? browserLayout(win), slicer, sink);
  const selection = capText(
    selectedVisibleText(win.getSelection(), walk.visibleText),
    SNAPSHOT_LIMITS.selection,
  ).text;
  const html = sink.html();
  const stats = slicer.finish();
  return {
    visibleText: walk.visibleText,
    snapshot: {
      url: win.location.href,
      title: doc.title.replace(/\s+/g, ' ').trim().slice(0, SNAPSHOT_LIMITS.title),
      selection,
      // Over the cap, the end of the page is left out; the parser closes what is open.
      html: html.length > SNAPSHOT_LIMITS.html ? html.slice(0, SNAPSHOT_LIMITS.html) : html,
      hiddenChars: walk.hiddenChars,
      hiddenByReason: walk.hiddenByReason,
      hiddenSample: walk.hiddenSample,
      cost: { longestTaskMs: stats.longestMs, totalMs: stats.totalMs, tasks: stats.slices },
    },
  };
}
