/**
 * A stand-in for the browser's layout in a Node DOM (jsdom has none): each element's
 * "computed" style is its inline style, inherited properties taken from the parent, and its
 * box comes from inline left/top/width/height in px. Enough to drive the page reader's walk
 * through each rule in unit tests; the real rules on real layout run in
 * test/e2e/page-extract.spec.ts.
 */
import type { Box } from '../../../lib/context/extract/clip-box';
import type { Layout, StyleFacts } from '../../../lib/context/extract/visibility';

const INHERITED = ['visibility', 'color', 'fontSize'] as const;
const DEFAULTS: StyleFacts = {
  display: 'block',
  visibility: 'visible',
  opacity: '1',
  color: 'rgb(0, 0, 0)',
  webkitTextFillColor: '',
  backgroundColor: 'rgba(0, 0, 0, 0)',
  backgroundImage: 'none',
  fontSize: '16px',
  overflowX: 'visible',
  overflowY: 'visible',
  clip: 'auto',
  clipPath: 'none',
  position: 'static',
};

/** The fake layout; `page` is the scrollable page box. */
export function inlineStyleLayout(page: Box = { left: 0, top: 0, right: 1280, bottom: 5000 }): Layout {
  const style = (el: Element): StyleFacts => {
    const inline = (el as HTMLElement).style;
    const parent = el.parentElement ? style(el.parentElement) : DEFAULTS;
    const facts = { ...DEFAULTS };
    for (const key of INHERITED) facts[key] = parent[key];
    const read = (name: string) => inline?.getPropertyValue(name) || '';
    const set = (key: keyof StyleFacts, name: string) => {
      const value = read(name);
      if (value) facts[key] = value;
    };
    set('display', 'display');
    set('visibility', 'visibility');
    set('opacity', 'opacity');
    set('color', 'color');
    set('backgroundColor', 'background-color');
    set('backgroundImage', 'background-image');
    set('fontSize', 'font-size');
    set('overflowX', 'overflow');
    set('overflowY', 'overflow');
    set('clip', 'clip');
    set('clipPath', 'clip-path');
    set('position', 'position');
    return facts;
  };
  const rect = (el: Element): Box => {
    const inline = (el as HTMLElement).style;
    const px = (name: string, fallback: number) => {
      const value = inline?.getPropertyValue(name);
      return value ? parseFloat(value) : fallback;
    };
    const parent = el.parentElement ? rect(el.parentElement) : { left: 0, top: 0, right: 800, bottom: 20 };
    const left = px('left', parent.left);
    const top = px('top', parent.top);
    return {
      left,
      top,
      right: left + px('width', parent.right - parent.left),
      bottom: top + px('height', parent.bottom - parent.top),
    };
  };
  return {
    style,
    rect,
    textRect: (node) =>
      node.parentElement ? rect(node.parentElement) : { left: 0, top: 0, right: 0, bottom: 0 },
    isRendered: (el) => {
      for (let at: Element | null = el; at; at = at.parentElement) {
        const s = style(at);
        if (s.display === 'none' || Number(s.opacity) === 0) return false;
      }
      return true;
    },
    page: () => page,
  };
}
