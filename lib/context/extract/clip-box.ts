/**
 * Boxes and the CSS clipping a page can use to hide text: `clip: rect(…)` (the classic
 * "visually hidden" pattern) and `clip-path` shapes that leave nothing (`inset(50%)`,
 * `circle(0)`). Pure: it reads computed-style strings and a measured border box.
 */

/** A rectangle in viewport pixels. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The part of both boxes; an empty intersection has right ≤ left or bottom ≤ top. */
export function intersect(a: Box, b: Box): Box {
  return {
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  };
}

/** Whether a box has less than `min` pixels in either direction (nothing legible fits). */
export function isTiny(box: Box, min = 1): boolean {
  return box.right - box.left < min || box.bottom - box.top < min;
}

/** A length in px, or a percentage of `basis`; null for anything else (calc(), em…). */
function length(token: string | undefined, basis: number): number | null {
  if (token === undefined) return null;
  if (token.endsWith('%')) return (Number(token.slice(0, -1)) / 100) * basis;
  if (token.endsWith('px')) return Number(token.slice(0, -2));
  if (token === '0') return 0;
  return null;
}

/** The box `clip: rect(top, right, bottom, left)` leaves of `border`; null for `auto`. */
export function clipRectBox(clip: string, border: Box): Box | null {
  const match = /^rect\(([^)]*)\)$/.exec(clip.trim());
  if (!match) return null;
  const parts = match[1]!.split(/[\s,]+/).filter(Boolean);
  if (parts.length !== 4) return null;
  const width = border.right - border.left;
  const height = border.bottom - border.top;
  const at = (i: number, auto: number) => (parts[i] === 'auto' ? auto : length(parts[i], 0));
  const [top, right, bottom, left] = [at(0, 0), at(1, width), at(2, height), at(3, 0)];
  if (top === null || right === null || bottom === null || left === null) return null;
  return {
    left: border.left + left,
    top: border.top + top,
    right: border.left + right,
    bottom: border.top + bottom,
  };
}

/**
 * The bounding box a `clip-path` shape leaves of `border`, or null when the shape is none,
 * a URL or something this does not model (then nothing is assumed clipped).
 */
export function clipPathBox(clipPath: string, border: Box): Box | null {
  const value = clipPath.trim();
  const width = border.right - border.left;
  const height = border.bottom - border.top;
  const empty: Box = { left: border.left, top: border.top, right: border.left, bottom: border.top };
  const fn = /^(inset|circle|ellipse|polygon)\((.*)\)/.exec(value);
  if (!fn) return null;
  const [, name, args] = fn as unknown as [string, string, string];
  if (name === 'inset') {
    const tokens = args
      .split(/\s+round\s+/)[0]!
      .split(/\s+/)
      .filter(Boolean);
    const [t, r = t, b = t, l = r] = tokens;
    const top = length(t, height);
    const right = length(r, width);
    const bottom = length(b, height);
    const left = length(l, width);
    if (top === null || right === null || bottom === null || left === null) return null;
    return {
      left: border.left + left,
      top: border.top + top,
      right: border.right - right,
      bottom: border.bottom - bottom,
    };
  }
  if (name === 'circle' || name === 'ellipse') {
    const radii = args
      .split(/\s+at\s+/)[0]!
      .split(/\s+/)
      .filter(Boolean);
    return radii.some((radius) => length(radius, Math.min(width, height)) === 0) ? empty : null;
  }
  // polygon([fill-rule,] x y, x y, …): the points' bounding box.
  const points = args
    .replace(/^(nonzero|evenodd)\s*,/, '')
    .split(',')
    .map((pair) => pair.trim().split(/\s+/));
  const xs = points.map(([x]) => length(x, width));
  const ys = points.map(([, y]) => length(y, height));
  if (xs.some((x) => x === null) || ys.some((y) => y === null)) return null;
  const finite = (list: (number | null)[]) => list as number[];
  return {
    left: border.left + Math.min(...finite(xs)),
    top: border.top + Math.min(...finite(ys)),
    right: border.left + Math.max(...finite(xs)),
    bottom: border.top + Math.max(...finite(ys)),
  };
}
