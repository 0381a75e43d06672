import { describe, expect, it } from 'vitest';
import { stem } from './stem';
import { tokenize, words } from './tokenize';

describe('stem (Porter)', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['generalization', 'gener'],
    ['hopeful', 'hope'],
    ['goodness', 'good'],
    ['adjustment', 'adjust'],
    ['painting', 'paint'],
    ['painted', 'paint'],
    ['paints', 'paint'],
    ['running', 'run'],
    ['adoption', 'adopt'],
    ['controll', 'control'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('leaves short and non-ASCII words alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('café')).toBe('café');
    expect(stem('2023')).toBe('2023');
  });
});

describe('tokenize', () => {
  it('lowercases, folds diacritics and drops possessives', () => {
    expect(words("Caroline's Café, DON'T")).toEqual(['caroline', 'cafe', "don't"]);
  });

  it('drops stopwords and stems the rest', () => {
    expect(tokenize('I went to a LGBTQ support group yesterday and it was so powerful.')).toEqual([
      'went',
      'lgbtq',
      'support',
      'group',
      'yesterdai',
      'power',
    ]);
    expect(tokenize('When did Melanie paint a sunrise?')).toEqual(['melani', 'paint', 'sunris']);
  });

  it('keeps numbers and words of other scripts', () => {
    expect(tokenize('Turned 18 in 2015 — 東京')).toEqual(['turn', '18', '2015', '東京']);
  });
});
