import type { BubbleShow } from '../comment-messages';
import { chooseCorner } from './bubble-placement';

/** The bubble's size (it wraps its text within this box). */
const SIZE = { width: 320, height: 150 };
const HOST_TAG = 'hearth-comment-bubble';

/** Whether something of the page's own lies under a point: a control, or a fixed or sticky bar. */
export function pageBlocks(doc: Document, x: number, y: number): boolean {
  const view = doc.defaultView!;
  for (const el of doc.elementsFromPoint(x, y)) {
    if (el === doc.documentElement || el === doc.body || el.localName === HOST_TAG) continue;
    if (
      el.closest(
        'a, button, input, select, textarea, [role="button"], [contenteditable=""], [contenteditable="true"], iframe, video',
      )
    )
      return true;
    const position = view.getComputedStyle(el).position;
    if (position === 'fixed' || position === 'sticky') return true;
  }
  return false;
}

const STYLE = `
:host { all: initial; }
.bubble { position: fixed; box-sizing: border-box; width: ${SIZE.width}px; max-height: ${SIZE.height}px; overflow: auto;
  z-index: 2147483647; padding: 10px 12px; border-radius: 10px; font: 14px/1.4 system-ui, sans-serif;
  background: #fffaf3; color: #2b2118; border: 1px solid #c9b8a6; box-shadow: 0 4px 16px rgba(0,0,0,.18); }
@media (prefers-color-scheme: dark) { .bubble { background: #2b2118; color: #f6ede3; border-color: #6e5a48; } }
@media (prefers-reduced-motion: no-preference) { .bubble { animation: in .2s ease-out; } }
@keyframes in { from { opacity: 0; transform: translateY(6px); } to { opacity: 1; transform: none; } }
.head { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-weight: 600; }
button { font: inherit; cursor: pointer; border: 1px solid currentColor; background: transparent; color: inherit;
  border-radius: 6px; padding: 0 8px; min-height: 24px; }
button:focus-visible, summary:focus-visible { outline: 2px solid #b3541e; outline-offset: 2px; }
p { margin: 6px 0; white-space: pre-wrap; }
details { font-size: 12px; opacity: .9; }
`;

/**
 * Shows a comment in a small bubble on the page: in a closed shadow root (the page's styles
 * and scripts cannot reach into it), in the first viewport corner that covers none of the
 * page's own controls or fixed bars (none free: nothing is shown), text set as text never
 * as HTML, dismissible by its button or Escape, and without animation for people who ask
 * for reduced motion. Replaces any bubble shown before. Returns whether it was shown.
 */
export function showBubble(doc: Document, bubble: BubbleShow, onDismiss: () => void): boolean {
  doc.querySelectorAll(HOST_TAG).forEach((old) => old.remove());
  const view = doc.defaultView!;
  const place = chooseCorner({ width: view.innerWidth, height: view.innerHeight }, SIZE, (x, y) =>
    pageBlocks(doc, x, y),
  );
  if (!place) return false;
  const host = doc.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const box = doc.createElement('section');
  box.className = 'bubble';
  box.setAttribute('role', 'complementary');
  box.setAttribute('aria-label', `${bubble.personaName}'s comment on this page`);
  box.style.left = `${place.box.left}px`;
  box.style.top = `${place.box.top}px`;
  const head = doc.createElement('div');
  head.className = 'head';
  const who = doc.createElement('span');
  who.textContent = bubble.personaName;
  const close = doc.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.setAttribute('aria-label', `Dismiss ${bubble.personaName}'s comment`);
  head.append(who, close);
  const text = doc.createElement('p');
  text.textContent = bubble.text;
  const why = doc.createElement('details');
  const summary = doc.createElement('summary');
  summary.textContent = 'Why this comment';
  const reason = doc.createElement('p');
  reason.textContent = bubble.why;
  why.append(summary, reason);
  box.append(head, text, why);
  root.append(style, box);

  let done = false;
  const dismiss = () => {
    if (done) return;
    done = true;
    host.remove();
    onDismiss();
  };
  close.addEventListener('click', dismiss);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismiss();
  });
  doc.documentElement.append(host);
  return true;
}
