import { describe, expect, it } from 'vitest';
import { CANVAS, contrastRatio, isLegibleOn, over, parseCssColor } from './color';
import { clipPathBox, clipRectBox, intersect, isTiny } from './clip-box';

describe('parseCssColor', () => {
  it('reads the forms getComputedStyle returns', () => {
    expect(parseCssColor('rgb(255, 0, 10)')).toEqual({ r: 255, g: 0, b: 10, a: 1 });
    expect(parseCssColor('rgba(0, 0, 0, 0.5)')).toEqual({ r: 0, g: 0, b: 0, a: 0.5 });
    expect(parseCssColor('rgb(0 128 0 / 25%)')).toEqual({ r: 0, g: 128, b: 0, a: 0.25 });
    expect(parseCssColor('transparent')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
  });
  it('gives null for colours it cannot tell, so nothing is hidden on a guess', () => {
    expect(parseCssColor('oklch(0.5 0.1 30)')).toBeNull();
    expect(parseCssColor('rgb(1, 2)')).toBeNull();
    expect(parseCssColor('rgb(a, b, c)')).toBeNull();
  });
});

describe('legibility', () => {
  const black = { r: 0, g: 0, b: 0, a: 1 };
  it('rates black on white 21 and a colour on itself 1', () => {
    expect(contrastRatio(black, CANVAS)).toBeCloseTo(21, 5);
    expect(contrastRatio(CANVAS, CANVAS)).toBe(1);
  });
  it('finds white on white, near-white on white and transparent text illegible', () => {
    expect(isLegibleOn(CANVAS, CANVAS)).toBe(false);
    expect(isLegibleOn({ r: 250, g: 250, b: 250, a: 1 }, CANVAS)).toBe(false);
    expect(isLegibleOn({ ...black, a: 0 }, CANVAS)).toBe(false);
    expect(isLegibleOn(black, CANVAS, 0.02)).toBe(false);
  });
  it('finds ordinary and faint-but-readable text legible', () => {
    expect(isLegibleOn(black, CANVAS)).toBe(true);
    expect(isLegibleOn({ r: 150, g: 150, b: 150, a: 1 }, CANVAS)).toBe(true);
    expect(isLegibleOn(CANVAS, black)).toBe(true);
  });
  it('composites a half-transparent colour over its background', () => {
    expect(over({ ...black, a: 0.5 }, CANVAS)).toEqual({ r: 127.5, g: 127.5, b: 127.5, a: 1 });
  });
});

describe('clip boxes', () => {
  const border = { left: 10, top: 20, right: 110, bottom: 70 };
  it('reads clip: rect() relative to the border box, auto meaning the edge', () => {
    expect(clipRectBox('rect(0px, 0px, 0px, 0px)', border)).toEqual({
      left: 10,
      top: 20,
      right: 10,
      bottom: 20,
    });
    expect(clipRectBox('rect(5px, auto, auto, 0px)', border)).toEqual({
      left: 10,
      top: 25,
      right: 110,
      bottom: 70,
    });
    expect(clipRectBox('auto', border)).toBeNull();
  });
  it('reads clip-path shapes that leave nothing, and leaves the rest alone', () => {
    expect(isTiny(clipPathBox('inset(50%)', border)!)).toBe(true);
    expect(isTiny(clipPathBox('inset(0px 0px 100% 0px)', border)!)).toBe(true);
    expect(isTiny(clipPathBox('circle(0px at 50% 50%)', border)!)).toBe(true);
    expect(isTiny(clipPathBox('polygon(0px 0px, 0px 0px, 0px 0px)', border)!)).toBe(true);
    expect(clipPathBox('inset(10px round 4px)', border)).toEqual({
      left: 20,
      top: 30,
      right: 100,
      bottom: 60,
    });
    expect(clipPathBox('circle(40% at 50% 50%)', border)).toBeNull();
    expect(clipPathBox('url(#shape)', border)).toBeNull();
    expect(clipPathBox('none', border)).toBeNull();
  });
  it('intersects boxes', () => {
    expect(intersect(border, { left: 0, top: 0, right: 50, bottom: 30 })).toEqual({
      left: 10,
      top: 20,
      right: 50,
      bottom: 30,
    });
    expect(isTiny(intersect(border, { left: 200, top: 0, right: 300, bottom: 300 }))).toBe(true);
  });
});
