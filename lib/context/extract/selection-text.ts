/**
 * The user's selection, read only from text nodes the walk found visible: a selection that
 * spans an invisible span (white on white, a zero-size box) gives the visible words only,
 * so hidden text cannot ride along with what the user chose.
 */

/** The selected part of the visible text nodes, in document order. */
export function selectedVisibleText(selection: Selection | null, visibleText: readonly Text[]): string {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return '';
  const parts: string[] = [];
  for (let i = 0; i < selection.rangeCount; i++) {
    const range = selection.getRangeAt(i);
    for (const node of visibleText) {
      if (!range.intersectsNode(node)) continue;
      const start = node === range.startContainer ? range.startOffset : 0;
      const end = node === range.endContainer ? range.endOffset : node.data.length;
      parts.push(node.data.slice(start, end));
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}
