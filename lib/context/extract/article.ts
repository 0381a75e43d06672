/**
 * The extension side of reading: Mozilla Readability run on the page's visible snapshot
 * (snapshot.ts), in an extension document (Chrome's offscreen document, Firefox's
 * background page, the eval's blank page), never on the page's main thread. The snapshot
 * holds nothing a person could not see, so nothing Readability does can bring hidden text
 * back. Needs a DOM parser, not layout.
 */
import { Readability } from '@mozilla/readability';
import { blockText, capText } from './block-text';
import { stripInvisible } from './invisible-chars';
import type { VisibleSnapshot } from './snapshot';

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
   * Main-thread cost of the page in ms (the walk's slices); Readability's time apart, spent
   * in the extension.
   */
  cost: {
    longestTaskMs: number;
    totalMs: number;
    tasks: number;
    walkLongestMs: number;
    readabilityMs: number;
  };
}

/** Size caps of a read; the text cap bounds what the extension keeps, not the prompt. */
export const PAGE_LIMITS = {
  text: 100_000,
  title: 300,
  heading: 200,
  headings: 40,
  selection: 4000,
} as const;

/** Parses HTML into a document without a browsing context (DOMParser in a browser). */
export type ParseHtml = (html: string) => Document;

/** Finds the article in a snapshot. `now` times Readability (performance.now by default). */
export function readArticle(
  snapshot: VisibleSnapshot,
  parse: ParseHtml,
  now: () => number = () => performance.now(),
): PageRead {
  const started = now();
  const doc = parse(`<!doctype html><html><head><title></title></head><body>${snapshot.html}</body></html>`);
  doc.title = snapshot.title;
  const headings = [...doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map((h) => capText(stripInvisible(blockText(h)).text.replace(/\n/g, ' '), PAGE_LIMITS.heading).text)
    .filter(Boolean)
    .slice(0, PAGE_LIMITS.headings);
  // Readability changes the document it reads: the fallback reads a fresh parse.
  const article = new Readability(doc, { serializer: (node: Node) => node }).parse();
  const articleText = article?.content ? blockText(article.content) : '';
  const stripped = stripInvisible(articleText || blockText(parse(snapshot.html).body ?? doc.body));
  const capped = capText(stripped.text, PAGE_LIMITS.text);
  const readabilityMs = now() - started;
  return {
    url: snapshot.url,
    title: capText(stripInvisible(snapshot.title).text.replace(/\s+/g, ' ').trim(), PAGE_LIMITS.title).text,
    headings,
    selection: capText(snapshot.selection, PAGE_LIMITS.selection).text,
    text: capped.text,
    chars: capped.text.length,
    truncated: capped.truncated,
    article: articleText !== '',
    hiddenCharsDropped: snapshot.hiddenChars + stripped.removed,
    hiddenByReason: {
      ...snapshot.hiddenByReason,
      ...(stripped.removed ? { 'invisible-chars': stripped.removed } : {}),
    },
    cost: {
      longestTaskMs: snapshot.cost.longestTaskMs,
      totalMs: snapshot.cost.totalMs,
      tasks: snapshot.cost.tasks,
      walkLongestMs: snapshot.cost.longestTaskMs,
      readabilityMs,
    },
  };
}
