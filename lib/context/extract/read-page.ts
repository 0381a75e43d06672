/**
 * Reads what a person can see of the page the content script runs in: the visible copy
 * (visible-copy.ts), the readable article Mozilla Readability finds in it, the title,
 * address, headings and selection, capped in size, with what it cost the page's main thread.
 */
import { Readability } from '@mozilla/readability';
import { blockText, capText } from './block-text';
import { stripInvisible } from './invisible-chars';
import { selectedVisibleText } from './selection-text';
import { browserSliceHost, createTimeSlicer, type SliceHost } from './time-slicer';
import { browserLayout, copyVisible } from './visible-copy';
import type { Layout } from './visibility';

/** What Hearth may see of a page. */
export interface PageRead {
  url: string;
  title: string;
  headings: string[];
  selection: string;
  /** The readable text, one block per line; never anything a person could not see. */
  text: string;
  chars: number;
  truncated: boolean;
  /** Whether Readability found an article (otherwise `text` is all visible text). */
  article: boolean;
  hiddenCharsDropped: number;
  hiddenByReason: Record<string, number>;
  /**
   * Main-thread cost in ms: the longest single task and the total; the walk's longest slice
   * and Readability's one task apart (Readability cannot be split).
   */
  cost: {
    longestTaskMs: number;
    totalMs: number;
    tasks: number;
    walkLongestMs: number;
    readabilityMs: number;
  };
}

/** Size caps of a read; the text cap bounds what crosses to the extension, not the prompt. */
export const PAGE_LIMITS = {
  text: 100_000,
  title: 300,
  heading: 200,
  headings: 40,
  selection: 4000,
} as const;

/** How long one slice of the walk may run before the page gets the thread back (ms). */
export const SLICE_BUDGET_MS = 4;

/** Where {@link readVisiblePage} reads; the defaults are the live window. */
export interface ReadPageDeps {
  layout?: Layout;
  host?: SliceHost;
}

/** Reads the page shown in `win`. */
export async function readVisiblePage(
  win: Window & typeof globalThis,
  deps: ReadPageDeps = {},
): Promise<PageRead> {
  const doc = win.document;
  const host = deps.host ?? browserSliceHost(win);
  const slicer = createTimeSlicer(host, SLICE_BUDGET_MS);
  const copy = await copyVisible(doc, deps.layout ?? browserLayout(win), slicer);

  const selection = capText(
    selectedVisibleText(win.getSelection(), copy.visibleText),
    PAGE_LIMITS.selection,
  ).text;
  const headings = [...copy.doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map((h) => capText(blockText(h).replace(/\n/g, ' '), PAGE_LIMITS.heading).text)
    .filter(Boolean)
    .slice(0, PAGE_LIMITS.headings);

  const walk = slicer.finish();

  // Readability is one synchronous pass; it gets a task of its own, measured like the rest.
  await host.yieldToHost();
  const readabilityStarted = host.now();
  const article = new Readability(copy.doc, { serializer: (node: Node) => node }).parse();
  const articleText = article?.content ? blockText(article.content) : '';
  const readabilityMs = host.now() - readabilityStarted;

  // No article (a short or list-like page): all of its visible text, in a task of its own.
  if (!articleText) await host.yieldToHost();
  const stripped = stripInvisible(articleText || blockText(copy.doc.body));
  const capped = capText(stripped.text, PAGE_LIMITS.text);
  return {
    url: win.location.href,
    title: capText(stripInvisible(doc.title).text.replace(/\s+/g, ' ').trim(), PAGE_LIMITS.title).text,
    headings,
    selection,
    text: capped.text,
    chars: capped.text.length,
    truncated: capped.truncated,
    article: articleText !== '',
    hiddenCharsDropped: copy.hiddenChars + stripped.removed,
    hiddenByReason: {
      ...copy.hiddenByReason,
      ...(stripped.removed ? { 'invisible-chars': stripped.removed } : {}),
    },
    cost: {
      longestTaskMs: Math.max(walk.longestMs, readabilityMs),
      totalMs: walk.totalMs + readabilityMs,
      tasks: walk.slices + 1,
      walkLongestMs: walk.longestMs,
      readabilityMs,
    },
  };
}
