/**
 * render: the Markdown work (markdown-it + DOMPurify, in Node on jsdom) the panel does for
 *  - a 1 MB reply streamed in 16 updates (one per 64 KB, as network reads arrive), rendered
 *    whole on every update (before: lib/chat/markdown.ts alone) and incrementally
 *    (after: lib/chat/markdown-stream.ts, finished blocks once, the last block again);
 *  - opening a stored 2 MB reply: rendered whole (before) or collapsed to its preview (after,
 *    components/chat/MarkdownBody.tsx shows the first PREVIEW_CHARS and "Show all").
 * jsdom's DOM makes DOMPurify several times slower than a browser's; the ratio is the point.
 * `charsRendered` counts the Markdown source handed to the renderer, independent of the machine.
 * Run: npx tsx scripts/bench/render.ts [replyKb=1024] [updates=16] [storedKb=2048]
 */
import { createRequire } from 'node:module';

// jsdom ships no types (and @types/jsdom is not a dependency): its one constructor, typed here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: Window & typeof globalThis };
};

const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
// DOMPurify binds to `window` when first imported, so the modules load after the DOM exists.
const { renderMarkdown } = await import('../../lib/chat/markdown');
const { createIncrementalMarkdown } = await import('../../lib/chat/markdown-stream');
const { PREVIEW_CHARS } = await import('../../components/chat/MarkdownBody');

const [replyKb = 1024, updates = 16, storedKb = 2048] = process.argv.slice(2).map(Number);

/** A reply that looks like a model's: headings, paragraphs, lists, code. Deterministic. */
function reply(bytes: number): string {
  const parts = [
    '## Section {n}\n\n',
    'Here is a paragraph about point {n}, with **bold**, *emphasis*, `inline code` and a [link](https://example.com/{n}).\nIt goes on for a second line.\n\n',
    '- first item {n}\n- second item with `code`\n- third item\n\n',
    '```ts\nconst value{n} = compute({n});\nconsole.log(value{n});\n```\n\n',
    '1. step one\n2. step two\n\n',
  ];
  let out = '';
  for (let n = 0; out.length < bytes; n++) out += parts[n % parts.length]!.replaceAll('{n}', String(n));
  return out.slice(0, bytes);
}

const time = (work: () => void) => {
  const started = performance.now();
  work();
  return Math.round(performance.now() - started);
};

const text = reply(replyKb * 1024);
const step = Math.ceil(text.length / updates);
const ends = Array.from({ length: updates }, (_, i) => Math.min(text.length, (i + 1) * step));

let beforeChars = 0;
const beforeMs = time(() => {
  for (const end of ends) {
    beforeChars += end;
    renderMarkdown(text.slice(0, end));
  }
});

let afterChars = 0;
const counting = (source: string) => {
  afterChars += source.length;
  return renderMarkdown(source);
};
const afterMs = time(() => {
  const md = createIncrementalMarkdown(counting);
  for (const end of ends) {
    md.update(text, end);
    md.tailHtml();
  }
});

const stored = reply(storedKb * 1024);
const storedBeforeMs = time(() => renderMarkdown(stored));
const storedAfterMs = time(() => {
  const md = createIncrementalMarkdown();
  md.update(stored, PREVIEW_CHARS);
  md.tailHtml();
});

console.log(
  JSON.stringify({
    render: {
      streamedReplyKb: replyKb,
      updates,
      streamedBeforeMs: beforeMs,
      streamedAfterMs: afterMs,
      charsRenderedBefore: beforeChars,
      charsRenderedAfter: afterChars,
      storedReplyKb: storedKb,
      storedOpenBeforeMs: storedBeforeMs,
      storedOpenAfterMs: storedAfterMs,
    },
  }),
);
