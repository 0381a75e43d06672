import { markdownBlockStarts, renderMarkdown } from './markdown';

/**
 * Renders a growing Markdown text (a streamed reply) in pieces, so each chunk costs about its
 * own size rather than the whole reply's: rendering the whole reply on every chunk made a
 * 1 MB reply take 12–18 s to show. The text is split at top-level block starts; every block
 * but the last is final (text appended later can only change the last block or add new
 * ones), so it is rendered once, sanitised, and kept. Only the tail (the last block) is
 * rendered again as it grows.
 *
 * Only complete lines decide a split: a half-received line ("#" of "#hashtag") could look
 * like the start of a block it is not. A link reference definition applies only within its
 * own piece; models rarely write them.
 */

/** One finished piece of the rendered text: its HTML never changes. */
export interface MarkdownSegment {
  key: number;
  html: string;
}

/** The state of one text's incremental rendering. */
export interface IncrementalMarkdown {
  /**
   * Brings the rendering up to `text.slice(0, end)`. When the text no longer starts with
   * what was rendered (an edit, a regenerated reply), it starts over.
   */
  update(text: string, end?: number): void;
  /** The finished pieces, in order; a piece once listed is never changed or removed (except by a restart). */
  segments(): readonly MarkdownSegment[];
  /** The HTML of the unfinished rest (rendered when asked, cached until the text changes). */
  tailHtml(): string;
  /** How many times the rendering started over; a view clears what it showed when this changes. */
  generation(): number;
}

/** Creates the incremental renderer; `render` is the safe renderer (markdown.ts) unless a test says otherwise. */
export function createIncrementalMarkdown(
  render: (text: string) => string = renderMarkdown,
): IncrementalMarkdown {
  let text = '';
  let end = 0;
  let committed = 0;
  let segments: MarkdownSegment[] = [];
  let nextKey = 0;
  let restarts = 0;
  let tail: { source: string; html: string } | null = null;

  function restart(): void {
    committed = 0;
    segments = [];
    tail = null;
    restarts++;
  }

  return {
    update(next, nextEnd = next.length) {
      // The finished pieces must still be the start of the text; otherwise render afresh.
      if (next !== text && !(nextEnd >= committed && next.startsWith(text.slice(0, committed)))) restart();
      else if (nextEnd < committed) restart();
      text = next;
      end = Math.min(nextEnd, next.length);
      const lastLineEnd = text.lastIndexOf('\n', end - 1);
      if (lastLineEnd < committed) return;
      const region = text.slice(committed, lastLineEnd + 1);
      const starts = markdownBlockStarts(region);
      const boundary = starts.length >= 2 ? starts[starts.length - 1]! : 0;
      if (boundary <= 0) return;
      segments.push({ key: nextKey++, html: render(region.slice(0, boundary)) });
      committed += boundary;
    },
    segments: () => segments,
    tailHtml() {
      const source = text.slice(committed, end);
      if (tail?.source !== source) tail = { source, html: source ? render(source) : '' };
      return tail.html;
    },
    generation: () => restarts,
  };
}
