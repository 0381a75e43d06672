import { deflateSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inflateCapped } from './inflate-capped';

const text = new TextEncoder().encode('the lighthouse '.repeat(10_000));

describe('capped inflation', () => {
  it('inflates zlib and raw deflate and charges the budget', () => {
    const budget = { remaining: 1_000_000 };
    expect(inflateCapped(zlibSync(text), { zlib: true, max: text.length, budget, what: 'x' })).toEqual(text);
    expect(inflateCapped(deflateSync(text), { zlib: false, max: text.length, budget, what: 'x' })).toEqual(
      text,
    );
    expect(budget.remaining).toBe(1_000_000 - 2 * text.length);
  });

  it('stops at the cap and at the budget, whichever comes first', () => {
    const z = zlibSync(text);
    expect(() =>
      inflateCapped(z, { zlib: true, max: 1000, budget: { remaining: 1e9 }, what: 'the chunk' }),
    ).toThrow('the chunk inflates to more than 1000 bytes');
    expect(() =>
      inflateCapped(z, { zlib: true, max: 1e9, budget: { remaining: 2048 }, what: 'the chunk' }),
    ).toThrow(/the chunk inflates past the 2\.0 KB left/);
  });

  it('refuses data that is not compressed, or is cut short', () => {
    const budget = { remaining: 1e9 };
    expect(() => inflateCapped(text, { zlib: true, max: 1e9, budget, what: 'the chunk' })).toThrow(
      /the chunk is not valid compressed data/,
    );
    const z = zlibSync(text);
    expect(() =>
      inflateCapped(z.subarray(0, z.length / 2), { zlib: true, max: 1e9, budget, what: 'c' }),
    ).toThrow(/c is not valid compressed data/);
  });
});
