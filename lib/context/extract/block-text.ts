/**
 * Plain text of a DOM subtree with a line break between blocks (paragraphs, headings, list
 * items, table rows) and whitespace collapsed inside them, the way a reader sees the lines.
 * `textContent` would glue "end.</p><p>Next" into one word. Needs a DOM, not layout: the
 * extractor runs it on its detached copy and the eval on the reference article.
 */

const BLOCKS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY CAPTION DD DETAILS DIALOG DIV DL DT FIELDSET FIGCAPTION ' +
    'FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR LI MAIN NAV OL P PRE SECTION SUMMARY ' +
    'TABLE TBODY TD TFOOT TH THEAD TR UL'
  ).split(' '),
);
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD']);

/** The text of `root` as lines. */
export function blockText(root: Node): string {
  const parts: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      parts.push((node as Text).data.replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeType === 1 ? (node as Element).tagName.toUpperCase() : '';
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      parts.push('\n');
      return;
    }
    const block = BLOCKS.has(tag);
    // Table cells on one row stay on one line, apart.
    if (block) parts.push(tag === 'TD' || tag === 'TH' ? ' ' : '\n');
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
    if (block) parts.push(tag === 'TD' || tag === 'TH' ? ' ' : '\n');
  };
  visit(root);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** `text` cut to at most `max` characters at a line, sentence or word end, with "…" when cut. */
export function capText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const head = text.slice(0, Math.max(0, max - 1));
  // Prefer the last line break, then sentence end, then space, in the last fifth.
  const floor = Math.floor(head.length * 0.8);
  const cut = [head.lastIndexOf('\n'), head.search(/[.!?。][^.!?。]*$/) + 1, head.lastIndexOf(' ')].find(
    (at) => at >= floor,
  );
  return { text: `${head.slice(0, cut ?? head.length).trimEnd()}…`, truncated: true };
}
