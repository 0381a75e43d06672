/**
 * Finds controls whose visible content is a pictograph: an emoji or a symbol character
 * (☰ ⚙ ✕ ✎ ★ 🗑 ×) that depends on the system's fonts and reads as nothing, or as a box,
 * without them. Icons belong in SVG (icons.tsx). Used by component tests on rendered DOM,
 * and by the source scan in no-pictographs.test.tsx.
 */

/**
 * Emoji, arrows, technical symbols, geometric shapes, miscellaneous symbols, dingbats and
 * the emoji variation selector; × (U+00D7) too, the usual stand-in for a close icon.
 */
export const PICTOGRAPH =
  /[\p{Extended_Pictographic}\u{00D7}\u{2190}-\u{21FF}\u{2300}-\u{23FF}\u{25A0}-\u{27BF}\u{2B00}-\u{2BFF}]|\u{FE0F}/u;

const CONTROLS = 'button, a[href], summary, [role="button"], [role="link"], [role="menuitem"], [role="tab"]';

/** The text a control shows, without its SVG icons. */
function visibleText(control: Element): string {
  const copy = control.cloneNode(true) as Element;
  for (const svg of copy.querySelectorAll('svg')) svg.remove();
  return (copy.textContent ?? '').trim();
}

/**
 * Every control under `root` that shows a pictograph or a lone symbol ("+") as its content,
 * or shows only an icon without an accessible name; one line each, empty when all is well.
 */
export function pictographControls(root: ParentNode): string[] {
  const problems: string[] = [];
  for (const control of root.querySelectorAll(CONTROLS)) {
    const text = visibleText(control);
    const name = control.getAttribute('aria-label') ?? control.getAttribute('title') ?? '';
    const what = `<${control.tagName.toLowerCase()}${name ? ` "${name}"` : ''}>`;
    if (PICTOGRAPH.test(text)) problems.push(`${what} shows a pictograph: ${text}`);
    else if (text && !/[\p{L}\p{N}]/u.test(text)) problems.push(`${what} shows a bare symbol: ${text}`);
    else if (!text && !name.trim()) problems.push(`${what} has an icon but no accessible name`);
  }
  return problems;
}
