/** A corner of the viewport the bubble may sit in. */
export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** Corners in order of preference: out of the way of reading, bottom first. */
export const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/** A rectangle in viewport pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the bubble would be in `corner` of a viewport of `view`, `margin` from the edges. */
export function boxAt(
  corner: Corner,
  view: { width: number; height: number },
  size: { width: number; height: number },
  margin = 16,
): Box {
  const left = corner.endsWith('right') ? view.width - size.width - margin : margin;
  const top = corner.startsWith('bottom') ? view.height - size.height - margin : margin;
  return { left: Math.max(0, left), top: Math.max(0, top), width: size.width, height: size.height };
}

/** Points of a box worth probing for what lies under it: corners (inset) and centre. */
export function probePoints(box: Box, inset = 4): { x: number; y: number }[] {
  const right = box.left + box.width - inset;
  const bottom = box.top + box.height - inset;
  const x0 = box.left + inset;
  const y0 = box.top + inset;
  return [
    { x: x0, y: y0 },
    { x: right, y: y0 },
    { x: x0, y: bottom },
    { x: right, y: bottom },
    { x: box.left + box.width / 2, y: box.top + box.height / 2 },
  ];
}

/**
 * The first corner where the bubble covers none of the page's own controls or fixed bars
 * (`blocked` probes a point on the live page); null when every corner is taken, and then
 * the bubble is not shown at all: the comment is in the panel anyway.
 */
export function chooseCorner(
  view: { width: number; height: number },
  size: { width: number; height: number },
  blocked: (x: number, y: number) => boolean,
): { corner: Corner; box: Box } | null {
  for (const corner of CORNERS) {
    const box = boxAt(corner, view, size);
    if (!probePoints(box).some((p) => blocked(p.x, p.y))) return { corner, box };
  }
  return null;
}
