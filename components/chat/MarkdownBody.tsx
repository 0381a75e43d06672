import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { createIncrementalMarkdown, type IncrementalMarkdown } from '../../lib/chat/markdown-stream';

/** A stored reply longer than this opens collapsed, so one huge reply cannot hold up the panel. */
export const LONG_REPLY_CHARS = 50_000;
/** How much of a collapsed reply is shown. */
export const PREVIEW_CHARS = 8_000;
/** How much more of a long reply each frame renders after "Show all". */
const SHOW_ALL_STEP_CHARS = 128 * 1024;
/** A streamed render may take this share of the main thread at most; the rest waits for later frames. */
const MAX_RENDER_SHARE = 0.25;

const nextFrame = (work: () => void): number =>
  typeof requestAnimationFrame === 'function'
    ? requestAnimationFrame(work)
    : (setTimeout(work, 16) as unknown as number);
const cancelFrame = (id: number) =>
  typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(id) : clearTimeout(id);

/** What of the renderer's output is in the DOM. */
interface Shown {
  generation: number;
  count: number;
  tail: ChildNode[];
}

/**
 * Puts the renderer's pieces into `host`: finished pieces are appended once and never touched
 * again, the tail's nodes are replaced. The HTML comes from renderMarkdown (markdown-it with
 * HTML off, then DOMPurify), the same as before the rendering was split.
 */
function paint(host: HTMLElement, machine: IncrementalMarkdown, shown: Shown, withTail: boolean): void {
  if (shown.generation !== machine.generation()) {
    host.replaceChildren();
    Object.assign(shown, { generation: machine.generation(), count: 0, tail: [] });
  }
  for (const node of shown.tail) node.remove();
  shown.tail = [];
  const segments = machine.segments();
  const fresh = segments.length > shown.count ? segments.slice(shown.count) : [];
  const template = document.createElement('template');
  if (fresh.length > 0) {
    template.innerHTML = fresh.map((s) => s.html).join('');
    host.append(template.content);
    shown.count = segments.length;
  }
  if (withTail) {
    template.innerHTML = machine.tailHtml();
    shown.tail = [...template.content.childNodes];
    host.append(template.content);
  }
}

/** Where a preview of `text` ends: at a line end before PREVIEW_CHARS when there is one. */
function previewEnd(text: string): number {
  const cut = text.lastIndexOf('\n', PREVIEW_CHARS);
  return cut > PREVIEW_CHARS / 2 ? cut + 1 : PREVIEW_CHARS;
}

/**
 * A reply as sanitised Markdown, rendered incrementally: while it streams, at most once per
 * animation frame and only the unfinished last block again; a long stored reply shows its
 * start with "Show all", which renders the rest a piece per frame.
 */
export function MarkdownBody({ text, streaming }: { text: string; streaming: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const machine = useRef<IncrementalMarkdown | null>(null);
  machine.current ??= createIncrementalMarkdown();
  const shown = useRef<Shown>({ generation: 0, count: 0, tail: [] });
  const latest = useRef(text);
  latest.current = text;
  const pending = useRef<number | null>(null);
  const notBefore = useRef(0);
  // Only a reply that is already long when it is first shown opens collapsed; one the user
  // watched stream in stays open.
  const [collapsed] = useState(() => !streaming && text.length > LONG_REPLY_CHARS);
  const [expanded, setExpanded] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);

  useLayoutEffect(
    () => () => {
      if (pending.current !== null) cancelFrame(pending.current);
    },
    [],
  );

  useLayoutEffect(() => {
    const el = host.current;
    const md = machine.current;
    if (!el || !md) return;
    if (collapsed && !expanded) {
      md.update(text, previewEnd(text));
      paint(el, md, shown.current, true);
      return;
    }
    if (collapsed && expanded) {
      let end = previewEnd(text);
      const step = () => {
        end = Math.min(text.length, end + SHOW_ALL_STEP_CHARS);
        md.update(text, end);
        paint(el, md, shown.current, end >= text.length);
        setProgress(end >= text.length ? null : end);
        pending.current = end >= text.length ? null : nextFrame(step);
      };
      pending.current = nextFrame(step);
      return () => {
        if (pending.current !== null) cancelFrame(pending.current);
        pending.current = null;
      };
    }
    if (!streaming) {
      // Finished (or stored and short): show all of it now, before the browser paints.
      if (pending.current !== null) cancelFrame(pending.current);
      pending.current = null;
      md.update(text);
      paint(el, md, shown.current, true);
      return;
    }
    if (pending.current !== null) return; // the next frame will take the latest text
    const frame = () => {
      const started = performance.now();
      if (started < notBefore.current) {
        pending.current = nextFrame(frame);
        return;
      }
      pending.current = null;
      md.update(latest.current);
      paint(el, md, shown.current, true);
      const cost = performance.now() - started;
      notBefore.current = started + cost / MAX_RENDER_SHARE;
    };
    pending.current = nextFrame(frame);
  }, [text, streaming, collapsed, expanded]);

  const long = collapsed && (!expanded || progress !== null);
  return (
    <>
      <div class="msg-body markdown" ref={host} />
      {long && (
        <div class="msg-note" role="status">
          {expanded
            ? `Showing ${(progress ?? 0).toLocaleString('en')} of ${text.length.toLocaleString('en')} characters…`
            : `A long reply: showing the first ${previewEnd(text).toLocaleString('en')} of ${text.length.toLocaleString('en')} characters.`}{' '}
          {!expanded && (
            <button type="button" class="secondary" onClick={() => setExpanded(true)}>
              Show all
            </button>
          )}
        </div>
      )}
    </>
  );
}
