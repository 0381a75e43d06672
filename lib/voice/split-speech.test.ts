import { describe, expect, it } from 'vitest';
import { MAX_PIECE_CHARS, splitForSpeech } from './split-speech';

describe('splitForSpeech', () => {
  it('joins short sentences while they fit and splits at sentence ends', () => {
    const a = 'The first sentence is here.';
    const b = 'A second one follows it!';
    expect(splitForSpeech(`${a} ${b}`)).toEqual([`${a} ${b}`]);
    const long = 'x'.repeat(20);
    const sentencesText = Array.from({ length: 12 }, (_, i) => `Sentence ${i} says ${long}.`).join(' ');
    const pieces = splitForSpeech(sentencesText);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_PIECE_CHARS);
      expect(piece).toMatch(/\.$/); // every piece ends where a sentence ends
    }
    expect(pieces.join(' ')).toBe(sentencesText);
  });

  it('cuts a sentence longer than a piece at a comma, else between words, never inside one', () => {
    const clauses =
      Array.from({ length: 8 }, (_, i) => `clause number ${i} goes on a while`).join(', ') + '.';
    const pieces = splitForSpeech(clauses);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX_PIECE_CHARS);
    expect(pieces[0]).toMatch(/,$/);
    expect(pieces.join(' ')).toBe(clauses);

    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + '.';
    const cut = splitForSpeech(words);
    for (const piece of cut) expect(piece.length).toBeLessThanOrEqual(MAX_PIECE_CHARS);
    expect(cut.join(' ')).toBe(words);
    expect(cut.flatMap((p) => p.split(' '))).toEqual(words.split(' '));
  });

  it('hard-cuts only a single word longer than a piece', () => {
    const word = 'a'.repeat(400);
    const pieces = splitForSpeech(word);
    expect(pieces.join('')).toBe(word);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX_PIECE_CHARS);
  });

  it('gives nothing for empty text', () => {
    expect(splitForSpeech('   ')).toEqual([]);
  });
});
