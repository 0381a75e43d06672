import { describe, expect, it } from 'vitest';
import { compileKeys, type KeyMatchOptions } from './keys';

const plain: KeyMatchOptions = { caseSensitive: false, wholeWords: false, useRegex: false };
const matches = (key: string, text: string, options: Partial<KeyMatchOptions> = {}) => {
  const { matchers, errors } = compileKeys([key], { ...plain, ...options });
  expect(errors).toEqual([]);
  return matchers.some((m) => m.test(text));
};

describe('compileKeys: plain keys', () => {
  it('matches a substring, case-insensitively by default', () => {
    expect(matches('Dragon', 'the DRAGONS woke')).toBe(true);
    expect(matches('dragon', 'a wyrm woke')).toBe(false);
  });

  it('honours case sensitivity', () => {
    expect(matches('Dragon', 'the dragon woke', { caseSensitive: true })).toBe(false);
    expect(matches('Dragon', 'the Dragon woke', { caseSensitive: true })).toBe(true);
  });

  it('matches whole words only when asked, in any script', () => {
    expect(matches('cat', 'a category', { wholeWords: true })).toBe(false);
    expect(matches('cat', 'the cat, asleep', { wholeWords: true })).toBe(true);
    expect(matches('cat', 'cat', { wholeWords: true })).toBe(true);
    expect(matches('кот', 'котёнок спит', { wholeWords: true })).toBe(false);
    expect(matches('кот', 'мой Кот спит', { wholeWords: true })).toBe(true);
    expect(matches('red fox', 'a red fox ran', { wholeWords: true })).toBe(true);
    expect(matches('red fox', 'shred foxes', { wholeWords: true })).toBe(false);
    expect(matches('c++', 'I like c++.', { wholeWords: true })).toBe(true);
  });

  it('ignores blank keys instead of matching everything', () => {
    expect(compileKeys(['', '   '], plain).matchers).toEqual([]);
  });
});

describe('compileKeys: regex keys', () => {
  it('reads /pattern/flags with use_regex, and a bare pattern case-insensitively', () => {
    expect(matches('/drag(on|ons)\\b/', 'two dragons', { useRegex: true })).toBe(true);
    expect(matches('/Dragon/', 'dragon', { useRegex: true })).toBe(false);
    expect(matches('/Dragon/i', 'dragon', { useRegex: true })).toBe(true);
    expect(matches('^hello', 'Hello there', { useRegex: true })).toBe(true);
    expect(matches('^hello', 'Hello there', { useRegex: true, caseSensitive: true })).toBe(false);
  });

  it('drops the g and y flags so a key matches the same on every call', () => {
    const { matchers } = compileKeys(['/a/g'], { ...plain, useRegex: true });
    expect([1, 2, 3].map(() => matchers[0]!.test('a'))).toEqual([true, true, true]);
  });

  it('treats a /…/ key as a regex without use_regex too, as SillyTavern does', () => {
    expect(matches('/colou?r/', 'what color is it')).toBe(true);
  });

  it('reports an invalid regex with use_regex, and never throws', () => {
    const { matchers, errors } = compileKeys(['/(unclosed/', 'ok', '/x/q'], { ...plain, useRegex: true });
    expect(matchers.map((m) => m.key)).toEqual(['ok']);
    expect(errors.map((e) => e.key)).toEqual(['/(unclosed/', '/x/q']);
    expect(errors[0]!.error).toMatch(/Invalid regular expression|Unterminated group/i);
  });

  it('matches an invalid /…/ key as text when the entry does not use regex', () => {
    const { matchers, errors } = compileKeys(['/(unclosed/'], plain);
    expect(errors).toEqual([]);
    expect(matchers[0]!.test('a /(unclosed/ path')).toBe(true);
  });
});
