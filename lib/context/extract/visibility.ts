/**
 * What a person can see, measured on the live page: the rules that need layout and the
 * cascade. An element either hides its whole subtree (not displayed, transparent, clipped
 * to nothing, or skipped by tag and attribute: skipped-elements.ts) or only its own text
 * (visibility, font size and colour are inherited, and a child may set them back); a text
 * node is hidden when its own box is empty, outside every clipping ancestor or off the page.
 */
import { CANVAS, isLegibleOn, over, parseCssColor, type Rgba } from './color';
import { clipPathBox, clipRectBox, intersect, isTiny, type Box } from './clip-box';
import { skipReason, type SkipReason } from './skipped-elements';

/** The computed-style properties the rules read (a `CSSStyleDeclaration` has them all). */
export interface StyleFacts {
  display: string;
  visibility: string;
  opacity: string;
  color: string;
  webkitTextFillColor?: string;
  backgroundColor: string;
  backgroundImage: string;
  fontSize: string;
  overflowX: string;
  overflowY: string;
  clip: string;
  clipPath: string;
  position: string;
}

/** The browser's layout, behind an interface so the walk also runs where there is none. */
export interface Layout {
  style(el: Element): StyleFacts;
  /** Border box in viewport pixels. */
  rect(el: Element): Box;
  /** Bounding box of a text node's rendered glyphs; empty when it is not rendered. */
  textRect(node: Text): Box;
  /** `Element.checkVisibility({ opacityProperty: true })`: false when not rendered or transparent. */
  isRendered(el: Element): boolean;
  /** The scrollable page in viewport pixels: text wholly outside it is off-screen. */
  page(): Box;
}

/** What an ancestor passes down to the rules for its descendants. */
export interface InheritedView {
  /** Product of the ancestors' opacities. */
  opacity: number;
  /** The nearest opaque background behind the text, or null when an image makes it unknown. */
  background: Rgba | null;
  /** Intersection of the clipping ancestors' boxes. */
  clip: Box;
}

/** Why text is dropped. */
export type HiddenReason =
  | SkipReason
  | 'display-none'
  | 'not-rendered-or-transparent'
  | 'faint'
  | 'clipped'
  | 'visibility'
  | 'tiny-font'
  | 'same-colour'
  | 'empty-box'
  | 'off-screen';

/** The verdict on one element. */
export type ElementVerdict =
  | { kind: 'skip'; reason: HiddenReason }
  | { kind: 'read'; view: InheritedView; ownTextHidden: HiddenReason | null };

const EVERYWHERE: Box = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };

/** The view at the root of the document. */
export const ROOT_VIEW: InheritedView = { opacity: 1, background: CANVAS, clip: EVERYWHERE };

/** Below this combined opacity text is a ghost nobody reads. */
const MIN_OPACITY = 0.1;
/** Text set smaller than this (px) is not meant to be read. */
const MIN_FONT_PX = 4;
/** Glyph boxes thinner than this (px) are not legible, whatever the font size says. */
const MIN_TEXT_BOX_PX = 3;

const CLIPS = new Set(['hidden', 'clip']);

/** The rules for one element, given what its ancestors passed down. */
export function judgeElement(el: Element, parent: InheritedView, layout: Layout): ElementVerdict {
  const skipped = skipReason(el);
  if (skipped) return { kind: 'skip', reason: skipped };
  const style = layout.style(el);
  if (style.display === 'none') return { kind: 'skip', reason: 'display-none' };
  // `display: contents` has no box (checkVisibility says false) but its children do.
  const boxless = style.display === 'contents';
  if (!boxless && !layout.isRendered(el)) return { kind: 'skip', reason: 'not-rendered-or-transparent' };
  const opacity = parent.opacity * (boxless ? 1 : Number(style.opacity || 1));
  if (opacity < MIN_OPACITY) return { kind: 'skip', reason: 'faint' };

  let clip = style.position === 'fixed' ? EVERYWHERE : parent.clip;
  if (!boxless) {
    const clipsOverflow = CLIPS.has(style.overflowX) || CLIPS.has(style.overflowY);
    const absolute = style.position === 'absolute' || style.position === 'fixed';
    const hasClip = absolute && style.clip !== 'auto' && style.clip !== '';
    const hasClipPath = style.clipPath !== 'none' && style.clipPath !== '';
    if (clipsOverflow || hasClip || hasClipPath) {
      const border = layout.rect(el);
      if (clipsOverflow) clip = intersect(clip, border);
      const byClip = hasClip ? clipRectBox(style.clip, border) : null;
      if (byClip) clip = intersect(clip, byClip);
      const byPath = hasClipPath ? clipPathBox(style.clipPath, border) : null;
      if (byPath) clip = intersect(clip, byPath);
      if (isTiny(clip)) return { kind: 'skip', reason: 'clipped' };
    }
  }

  let background = parent.background;
  if (style.backgroundImage && style.backgroundImage !== 'none') background = null;
  else {
    const own = parseCssColor(style.backgroundColor);
    if (own && own.a > 0 && background) background = over(own, background);
  }

  let ownTextHidden: HiddenReason | null = null;
  if (style.visibility !== 'visible') ownTextHidden = 'visibility';
  else if (parseFloat(style.fontSize) < MIN_FONT_PX) ownTextHidden = 'tiny-font';
  else {
    // What is painted: -webkit-text-fill-color wins over color when a page sets both.
    const fill = parseCssColor(style.webkitTextFillColor || style.color);
    if (fill && background && !isLegibleOn(fill, background, opacity)) ownTextHidden = 'same-colour';
  }
  return { kind: 'read', view: { opacity, background, clip }, ownTextHidden };
}

/** Why a text node whose element shows its text is still not seen, or null when it is. */
export function judgeTextBox(box: Box, view: InheritedView, page: Box): HiddenReason | null {
  if (box.right - box.left < 1 || box.bottom - box.top < MIN_TEXT_BOX_PX) return 'empty-box';
  if (isTiny(intersect(box, view.clip))) return 'clipped';
  if (isTiny(intersect(box, page))) return 'off-screen';
  return null;
}
