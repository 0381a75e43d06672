// Runs inside the page (bundled by scripts/bench/render.ts): the Markdown work the panel does
// for a streamed reply and a stored one, before (whole reply per update) and after
// (lib/chat/markdown-stream.ts), DOM updates included, on the browser's own clock.
import { renderMarkdown } from '../../lib/chat/markdown';
import { createIncrementalMarkdown } from '../../lib/chat/markdown-stream';
import { PREVIEW_CHARS } from '../../components/chat/MarkdownBody';

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

function time(work: () => void): number {
  const started = performance.now();
  work();
  return Math.round(performance.now() - started);
}

/** Appends HTML to `host` and returns the nodes it added. */
function append(host: HTMLElement, html: string): ChildNode[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  const nodes = [...template.content.childNodes];
  host.append(template.content);
  return nodes;
}

function run(replyKb: number, updates: number, storedKb: number) {
  const host = document.getElementById('host')!;
  const text = reply(replyKb * 1024);
  const step = Math.ceil(text.length / updates);
  const ends = Array.from({ length: updates }, (_, i) => Math.min(text.length, (i + 1) * step));

  let charsBefore = 0;
  const streamedBeforeMs = time(() => {
    for (const end of ends) {
      charsBefore += end;
      host.innerHTML = renderMarkdown(text.slice(0, end));
      void host.offsetHeight; // the layout each update costs the panel too
    }
  });
  const htmlBefore = host.innerHTML;
  host.replaceChildren();

  let charsAfter = 0;
  const counting = (source: string) => {
    charsAfter += source.length;
    return renderMarkdown(source);
  };
  const streamedAfterMs = time(() => {
    const md = createIncrementalMarkdown(counting);
    let shown = 0;
    let tail: ChildNode[] = [];
    for (const end of ends) {
      md.update(text, end);
      for (const node of tail) node.remove();
      const segments = md.segments();
      append(
        host,
        segments
          .slice(shown)
          .map((s) => s.html)
          .join(''),
      );
      shown = segments.length;
      tail = append(host, md.tailHtml());
      void host.offsetHeight;
    }
  });
  const sameHtml = host.innerHTML === htmlBefore;
  host.replaceChildren();

  const stored = reply(storedKb * 1024);
  const storedOpenBeforeMs = time(() => {
    host.innerHTML = renderMarkdown(stored);
    void host.offsetHeight;
  });
  host.replaceChildren();
  const storedOpenAfterMs = time(() => {
    const md = createIncrementalMarkdown();
    md.update(stored, PREVIEW_CHARS);
    append(
      host,
      md
        .segments()
        .map((s) => s.html)
        .join('') + md.tailHtml(),
    );
    void host.offsetHeight;
  });
  host.replaceChildren();

  return {
    streamedReplyKb: replyKb,
    updates,
    streamedBeforeMs,
    streamedAfterMs,
    charsRenderedBefore: charsBefore,
    charsRenderedAfter: charsAfter,
    sameHtml,
    storedReplyKb: storedKb,
    storedOpenBeforeMs,
    storedOpenAfterMs,
  };
}

(globalThis as unknown as { runRenderBench: typeof run }).runRenderBench = run;
