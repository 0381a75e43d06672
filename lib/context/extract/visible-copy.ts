/**
 * Walks the live page once, judging each node where it is rendered (visibility.ts), and
 * builds a detached copy that holds only what a person can see. Hidden nodes are decided on
 * the live DOM and never enter the copy, so nothing downstream (Readability, the prompt)
 * can bring them back. The walk yields to the page between slices (time-slicer.ts).
 * Comments, frames, fields and editable regions never enter the copy either.
 */
import { judgeElement, judgeTextBox, ROOT_VIEW, type InheritedView, type Layout } from './visibility';
import type { TimeSlicer } from './time-slicer';

/** Where the walk writes the visible nodes: a detached document, or an HTML string. */
export interface CopySink<Handle> {
  /** The handle of the copy's body, under which the walk starts. */
  root: Handle;
  /** Opens a copy of `el` (attributes, no children) under `parent`. */
  open(parent: Handle, el: Element): Handle;
  /** Ends the copy of an element once its children are written. */
  close(handle: Handle, el: Element): void;
  /** Adds a text node under `parent`. */
  text(parent: Handle, data: string): void;
}

/** What was left out of the copy, whatever the sink. */
export interface VisibleWalk {
  /** The live text nodes that were copied, in document order (for the selection). */
  visibleText: Text[];
  /** Characters (whitespace collapsed) of text a person cannot see that was left out. */
  hiddenChars: number;
  /** Hidden characters by reason, for tests and the eval's breakdown. */
  hiddenByReason: Record<string, number>;
  /**
   * The first {@link HIDDEN_SAMPLE_CHARS} characters of the hidden text (not of fields, frames
   * or editable regions, which are never read): only for judging whether the page hides
   * instructions; never stored and never put in a prompt.
   */
  hiddenSample: string;
}

/** How much hidden text is kept to judge whether a page hides instructions. */
export const HIDDEN_SAMPLE_CHARS = 2000;

/** The copy and what was left out of it. */
export interface VisibleCopy {
  /** A document without a browsing context: nothing in it runs or loads. */
  doc: Document;
  /** The live text nodes that were copied, in document order (for the selection). */
  visibleText: Text[];
  /** Characters (whitespace collapsed) of text a person cannot see that was left out. */
  hiddenChars: number;
  /** Hidden characters by reason, for tests and the eval's breakdown. */
  hiddenByReason: Record<string, number>;
}

/** Tags whose content is code or metadata, not text anyone could be shown. */
const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'LINK', 'META', 'HEAD', 'TITLE', 'BASE']);
/** How many nodes to visit between looks at the clock. */
const CHECK_EVERY = 8;

const measure = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().length;

interface Frame<Handle> {
  next: Node | null;
  el: Element | null;
  copy: Handle;
  view: InheritedView;
  ownTextHidden: string | null;
}

/** Copies the visible part of `source` (a live, laid-out document) into a detached document. */
export async function copyVisible(
  source: Document,
  layout: Layout,
  slicer: TimeSlicer,
): Promise<VisibleCopy> {
  const doc = source.implementation.createHTMLDocument('');
  doc.title = source.title;
  const root = source.body ?? source.documentElement;
  if (root)
    doc.body.replaceWith(
      doc.importNode(root.tagName === 'BODY' ? root : source.createElement('body'), false),
    );
  const sink: CopySink<Node> = {
    root: doc.body,
    open: (parent, el) => parent.appendChild(doc.importNode(el, false)),
    close: () => {},
    text: (parent, data) => void parent.appendChild(doc.createTextNode(data)),
  };
  const walk = await walkVisible(source, layout, slicer, sink);
  return {
    doc,
    visibleText: walk.visibleText,
    hiddenChars: walk.hiddenChars,
    hiddenByReason: walk.hiddenByReason,
  };
}

/**
 * Walks the visible part of `source` into `sink`, yielding to the page between slices.
 * The walk never holds more than the current path of open elements.
 */
export async function walkVisible<Handle>(
  source: Document,
  layout: Layout,
  slicer: TimeSlicer,
  sink: CopySink<Handle>,
): Promise<VisibleWalk> {
  const result: VisibleWalk = { visibleText: [], hiddenChars: 0, hiddenByReason: {}, hiddenSample: '' };
  const drop = (reason: string, chars: number, text?: string | null) => {
    if (chars === 0) return;
    result.hiddenChars += chars;
    result.hiddenByReason[reason] = (result.hiddenByReason[reason] ?? 0) + chars;
    if (text && result.hiddenSample.length < HIDDEN_SAMPLE_CHARS) {
      const room = HIDDEN_SAMPLE_CHARS - result.hiddenSample.length;
      result.hiddenSample += `${text.replace(/\s+/g, ' ').trim().slice(0, room)}\n`;
    }
  };
  const root = source.body ?? source.documentElement;
  if (!root) return result;
  const stack: Frame<Handle>[] = [
    { next: root.firstChild, el: null, copy: sink.root, view: ROOT_VIEW, ownTextHidden: null },
  ];
  const page = layout.page();
  let visited = 0;

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const node = frame.next;
    if (!node) {
      stack.pop();
      if (frame.el) sink.close(frame.copy, frame.el);
      continue;
    }
    frame.next = node.nextSibling;
    if (++visited % CHECK_EVERY === 0 && slicer.due()) await slicer.pause();

    if (node.nodeType === 3) {
      const text = node as Text;
      const chars = measure(text.data);
      if (chars === 0) {
        // Whitespace keeps words apart; it says nothing, so it is copied as it is.
        if (!frame.ownTextHidden) sink.text(frame.copy, text.data);
        continue;
      }
      const hidden = frame.ownTextHidden ?? judgeTextBox(layout.textRect(text), frame.view, page);
      if (hidden) drop(hidden, chars, text.data);
      else {
        sink.text(frame.copy, text.data);
        result.visibleText.push(text);
      }
      continue;
    }
    if (node.nodeType === 8) {
      drop('comment', measure((node as Comment).data), (node as Comment).data);
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const verdict = judgeElement(el, frame.view, layout);
    if (verdict.kind === 'skip') {
      if (verdict.reason !== 'field' && verdict.reason !== 'editable' && verdict.reason !== 'frame') {
        const tag = el.tagName.toUpperCase();
        if (tag === 'TEMPLATE') {
          const content = (el as HTMLTemplateElement).content?.textContent;
          drop('template', measure(content), content);
        } else if (!NOT_TEXT.has(tag)) drop(verdict.reason, measure(el.textContent), el.textContent);
      }
      continue;
    }
    const copy = sink.open(frame.copy, el);
    stack.push({ next: el.firstChild, el, copy, view: verdict.view, ownTextHidden: verdict.ownTextHidden });
  }
  return result;
}

/** The live browser's layout for {@link copyVisible}. */
export function browserLayout(win: Window): Layout {
  const range = win.document.createRange();
  const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  return {
    style: (el) => win.getComputedStyle(el),
    rect: (el) => box(el.getBoundingClientRect()),
    textRect(node) {
      range.selectNodeContents(node);
      return box(range.getBoundingClientRect());
    },
    isRendered: (el) =>
      typeof el.checkVisibility === 'function' ? el.checkVisibility({ opacityProperty: true }) : true,
    page() {
      const scroller = win.document.scrollingElement ?? win.document.documentElement;
      return {
        left: -win.scrollX,
        top: -win.scrollY,
        right: Math.max(scroller.scrollWidth, win.innerWidth) - win.scrollX,
        bottom: Math.max(scroller.scrollHeight, win.innerHeight) - win.scrollY,
      };
    },
  };
}
