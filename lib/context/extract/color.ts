/**
 * Colour arithmetic for the "text coloured like its background" rule. Pure: it reads the
 * strings `getComputedStyle` returns (`rgb(…)`, `rgba(…)`, `transparent`) and nothing else.
 */

/** A colour with channels 0–255 and alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** White, the canvas colour browsers paint under a page with no background of its own. */
export const CANVAS: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/**
 * Parses a computed colour. Chromium serialises every sRGB colour as `rgb(r, g, b)` or
 * `rgba(r, g, b, a)`; other spaces (`oklch(…)`, `color(…)`) give null, and a caller that cannot
 * tell a colour treats the text as visible rather than guess.
 */
export function parseCssColor(value: string): Rgba | null {
  const text = value.trim().toLowerCase();
  if (text === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const match = /^rgba?\(([^)]*)\)$/.exec(text);
  if (!match) return null;
  const parts = match[1]!.split(/[\s,/]+/).filter(Boolean);
  if (parts.length !== 3 && parts.length !== 4) return null;
  const channel = (part: string, scale: number) =>
    part.endsWith('%') ? (Number(part.slice(0, -1)) / 100) * scale : Number(part);
  const [r, g, b] = parts.slice(0, 3).map((p) => channel(p, 255)) as [number, number, number];
  const a = parts[3] === undefined ? 1 : channel(parts[3], 1);
  if (![r, g, b, a].every(Number.isFinite)) return null;
  const clamp = (x: number, max: number) => Math.min(max, Math.max(0, x));
  return { r: clamp(r, 255), g: clamp(g, 255), b: clamp(b, 255), a: clamp(a, 1) };
}

/** `top` painted over `bottom` with `top`'s alpha times `opacity`; the result is opaque if `bottom` is. */
export function over(top: Rgba, bottom: Rgba, opacity = 1): Rgba {
  const a = top.a * opacity;
  const mix = (t: number, b: number) => t * a + b * (1 - a);
  return {
    r: mix(top.r, bottom.r),
    g: mix(top.g, bottom.g),
    b: mix(top.b, bottom.b),
    a: a + bottom.a * (1 - a),
  };
}

function luminance({ r, g, b }: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two opaque colours: 1 (identical) to 21 (black on white). */
export function contrastRatio(x: Rgba, y: Rgba): number {
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Below this contrast a reader cannot make text out (#eee on white is 1.16). WCAG asks 4.5
 * for body text; real pages with faint text stay well above 1.3, so this only catches text
 * made to disappear.
 */
export const MIN_VISIBLE_CONTRAST = 1.2;

/** Whether text of colour `text` (times `opacity`) over an opaque `background` can be read. */
export function isLegibleOn(text: Rgba, background: Rgba, opacity = 1): boolean {
  const painted = over(text, background, opacity);
  return contrastRatio(painted, background) >= MIN_VISIBLE_CONTRAST;
}
