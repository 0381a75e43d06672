import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';

// html: false makes markdown-it escape every tag the model writes; DOMPurify then checks
// the generated HTML once more, so a bug in either alone cannot run a page's or a model's
// script. Links open outside the panel and never carry the panel's opener.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
// The same block grammar without inline parsing: enough to find where top-level blocks start.
const blocks = new MarkdownIt({ html: false, linkify: true, breaks: true }).disable('inline');

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'a',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

let hooked = false;
function purifier() {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/** Markdown from a model or a page, as HTML that is safe to put into the panel. */
export function renderMarkdown(text: string): string {
  return purifier().sanitize(md.render(text), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'start'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  });
}

/** Where each line of `text` starts, counting `\r\n`, `\r` and `\n` as one break each (as markdown-it does). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (ch === 10 || ch === 13) starts.push(i + 1);
  }
  return starts;
}

/**
 * The offsets in `text` where its top-level Markdown blocks (paragraphs, lists, fences,
 * tables, headings…) start, in order. Only the block grammar runs, so it costs a fraction of
 * rendering.
 */
export function markdownBlockStarts(text: string): number[] {
  const tokens = blocks.parse(text, {});
  const lines = lineStarts(text);
  const out: number[] = [];
  for (const token of tokens) {
    if (token.level === 0 && token.nesting >= 0 && token.map) out.push(lines[token.map[0]] ?? text.length);
  }
  return out;
}
