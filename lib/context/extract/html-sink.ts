/**
 * Writes the walk's visible nodes as an HTML string, piece by piece as the walk goes, so
 * the serialising is split into the walk's own idle slices instead of one long task at the
 * end. The string crosses to the extension, where Readability runs (article.ts), never on
 * the page's main thread. Only the attributes Readability scores by are kept: `title`,
 * `alt` and the like are text a person does not read as the page, and never leave the page.
 */
import type { CopySink } from './visible-copy';

/** Attributes the article extraction uses; every other one is left behind. */
const KEPT = new Set([
  'id',
  'class',
  'role',
  'itemprop',
  'itemscope',
  'itemtype',
  'rel',
  'href',
  'lang',
  'dir',
]);
/** Elements without an end tag. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** A sink whose `html()` is the body's inner HTML once the walk is done. */
export function createHtmlSink(): CopySink<null> & { html(): string } {
  const parts: string[] = [];
  return {
    root: null,
    open(_parent, el) {
      const tag = el.localName;
      let attrs = '';
      for (const attr of el.attributes) {
        if (KEPT.has(attr.name)) attrs += ` ${attr.name}="${escapeAttr(attr.value.slice(0, 2000))}"`;
      }
      parts.push(`<${tag}${attrs}>`);
      return null;
    },
    close(_handle, el) {
      if (!VOID.has(el.localName)) parts.push(`</${el.localName}>`);
    },
    text(_parent, data) {
      parts.push(escapeText(data));
    },
    html: () => parts.join(''),
  };
}
