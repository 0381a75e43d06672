// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { boxAt, chooseCorner, probePoints } from './bubble-placement';
import { pageBlocks, showBubble } from './bubble-view';

const view = { width: 1000, height: 800 };
const size = { width: 320, height: 150 };

describe('where the bubble goes', () => {
  it('bottom right first, margin from the edges', () => {
    expect(boxAt('bottom-right', view, size)).toEqual({ left: 664, top: 634, width: 320, height: 150 });
    expect(boxAt('top-left', view, size)).toEqual({ left: 16, top: 16, width: 320, height: 150 });
    expect(probePoints({ left: 0, top: 0, width: 10, height: 10 })).toHaveLength(5);
  });

  it('moves to the next corner when the page has a control or fixed bar there, and gives up when all are taken', () => {
    // A chat widget in the bottom right corner of the page.
    const widget = (x: number, y: number) => x > 900 && y > 700;
    expect(chooseCorner(view, size, widget)?.corner).toBe('bottom-left');
    // A fixed footer across the whole bottom.
    const footer = (_x: number, y: number) => y > 600;
    expect(chooseCorner(view, size, footer)?.corner).toBe('top-right');
    expect(chooseCorner(view, size, () => true)).toBeNull();
  });
});

describe('the bubble on a page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    document.querySelectorAll('hearth-comment-bubble').forEach((e) => e.remove());
  });
  const bubble = {
    hearthBubble: 1 as const,
    commentId: 'c1',
    personaName: 'Ember',
    text: '<b>Otters</b> sleep holding hands.',
    why: 'Because.',
  };

  it('a page control or fixed element under a point blocks it; plain text does not', () => {
    document.body.innerHTML =
      '<p id="p">text</p><button id="b">Buy</button><div id="f" style="position: fixed">bar</div>';
    const under: Record<string, Element[]> = {
      text: [document.getElementById('p')!, document.body, document.documentElement],
      control: [document.getElementById('b')!],
      fixed: [document.getElementById('f')!],
    };
    let at = 'text';
    document.elementsFromPoint = () => under[at]!;
    expect(pageBlocks(document, 1, 1)).toBe(false);
    at = 'control';
    expect(pageBlocks(document, 1, 1)).toBe(true);
    at = 'fixed';
    expect(pageBlocks(document, 1, 1)).toBe(true);
  });

  it('shows the text as text in a shadow root, and is dismissed once by its button or by Escape', () => {
    document.elementsFromPoint = () => [];
    let dismissed = 0;
    const origAttach = Element.prototype.attachShadow;
    let root: ShadowRoot | null = null;
    Element.prototype.attachShadow = function (init) {
      root = origAttach.call(this, { ...init, mode: 'open' });
      return root;
    };
    try {
      expect(showBubble(document, bubble, () => dismissed++)).toBe(true);
    } finally {
      Element.prototype.attachShadow = origAttach;
    }
    const shadow = root as unknown as ShadowRoot;
    expect(shadow.querySelector('p')!.textContent).toBe('<b>Otters</b> sleep holding hands.');
    expect(shadow.querySelector('b')).toBeNull();
    const region = shadow.querySelector('section')!;
    expect(region.getAttribute('aria-label')).toBe("Ember's comment on this page");
    expect(shadow.querySelector('style')!.textContent).toContain('prefers-reduced-motion: no-preference');
    region.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    shadow.querySelector('button')!.click();
    expect(dismissed).toBe(1);
    expect(document.querySelector('hearth-comment-bubble')).toBeNull();
  });

  it('is not shown when every corner is taken, and a new one replaces the old', () => {
    document.elementsFromPoint = () => [document.createElement('button')];
    expect(showBubble(document, bubble, () => {})).toBe(false);
    document.elementsFromPoint = () => [];
    showBubble(document, bubble, () => {});
    showBubble(document, { ...bubble, commentId: 'c2' }, () => {});
    expect(document.querySelectorAll('hearth-comment-bubble')).toHaveLength(1);
  });
});
