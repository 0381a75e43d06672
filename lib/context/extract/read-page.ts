/**
 * Both halves of reading in one call, for places that have the page and a parser at hand
 * (unit tests under jsdom): the page-side snapshot (snapshot.ts), then the article
 * (article.ts). The extension itself runs the halves in different contexts.
 */
import { readArticle, type PageRead } from './article';
import { snapshotVisiblePage, type SnapshotDeps } from './snapshot';

export { PAGE_LIMITS, type PageRead } from './article';
export { SLICE_BUDGET_MS } from './snapshot';

/** Where {@link readVisiblePage} reads; the defaults are the live window. */
export type ReadPageDeps = SnapshotDeps;

/** Reads the page shown in `win`, parsing the snapshot with the window's own DOMParser. */
export async function readVisiblePage(
  win: Window & typeof globalThis,
  deps: ReadPageDeps = {},
): Promise<PageRead> {
  const { snapshot } = await snapshotVisiblePage(win, deps);
  const parser = new win.DOMParser();
  return readArticle(snapshot, (html) => parser.parseFromString(html, 'text/html'));
}
