import { describe, expect, it } from 'vitest';
import { packLexicon, parseVaderLexicon, readLexicon, unpackLexicon } from './lexicon';

const lexicon = new Map([
  ['good', 1.9],
  ['bad', -2.5],
  ['tragedy', -3.4],
  [':)', 2.0],
  ['no', -1.2],
  ['kinda bad', -1.0],
]);

describe('the valence lexicon', () => {
  it('parses VADER’s file and rejects a malformed line, naming it', () => {
    const parsed = parseVaderLexicon('good\t1.9\t0.9\t[2, 2]\n:)\t2.0\t1.1\t[2]\n');
    expect([...parsed]).toEqual([
      ['good', 1.9],
      [':)', 2],
    ]);
    expect(() => parseVaderLexicon('good\t1.9\nbad\tbad\n')).toThrow(/line 2/);
    expect(() => parseVaderLexicon('good\t9\n')).toThrow(/line 1/);
  });

  it('packs what the tokenizer can meet, and unpacks to the same ratings', () => {
    const packed = packLexicon(lexicon, 'test');
    const back = unpackLexicon(packed);
    expect(back.get('good')).toBe(1.9);
    expect(back.get('tragedy')).toBe(-3.4);
    expect(back.get(':)')).toBe(2);
    // Two tokens: the reader could never match it, so it is not shipped.
    expect(back.has('kinda bad')).toBe(false);
    expect(packLexicon(lexicon, 'test')).toEqual(packed);
  });

  it('rejects a malformed packed lexicon with a clear error', () => {
    const packed = packLexicon(lexicon, 'test');
    expect(() => unpackLexicon({ ...packed, words: `${packed.words}\nextra` })).toThrow(/words but/);
    expect(() => unpackLexicon({ words: 'a' })).toThrow(/lexicon is malformed/);
  });

  it('reads the mean rating; a negator flips and shrinks it (VADER’s 0.74) to the clause end', () => {
    expect(readLexicon('this is good', lexicon).valence).toBeCloseTo(1.9);
    expect(readLexicon('this is not good', lexicon).valence).toBeCloseTo(-0.74 * 1.9);
    expect(readLexicon("it isn't very good", lexicon).valence).toBeCloseTo(-0.74 * 1.9);
    expect(readLexicon('not now. good', lexicon).valence).toBeCloseTo(1.9);
    expect(readLexicon('good and bad', lexicon).valence).toBeCloseTo((1.9 - 2.5) / 2);
    // A negator is not read as a rated word ("no" is rated in VADER's list).
    expect(readLexicon('no bad', lexicon)).toMatchObject({ hits: 1 });
  });

  it('reads elongated words and emoticons; nothing rated reads as 0', () => {
    expect(readLexicon('sooo goooood', lexicon).valence).toBeCloseTo(1.9);
    expect(readLexicon('see you :)', lexicon).valence).toBeCloseTo(2);
    expect(readLexicon('the bus leaves at noon', lexicon)).toEqual({ valence: 0, affect: 0, hits: 0 });
  });

  it('affect grows with rated feeling and shrinks with length', () => {
    const short = readLexicon('a tragedy', lexicon).affect;
    expect(short).toBeCloseTo(3.4 / Math.sqrt(3));
    expect(readLexicon('a tragedy, a bad tragedy', lexicon).affect).toBeGreaterThan(short);
    expect(readLexicon('a tragedy in the middle of a long and winding report', lexicon).affect).toBeLessThan(
      short,
    );
  });
});
