import { describe, expect, it } from 'vitest';
import { bookSettings, normalizeEntry, DEFAULT_SCAN_DEPTH, MAX_SCAN_DEPTH } from './normalize';
import type { LorebookEntry } from './schema';

const book = bookSettings({ entries: [] });

describe('bookSettings', () => {
  it('defaults: scan depth 4, no budget, no recursion', () => {
    expect(book).toEqual({ scanDepth: DEFAULT_SCAN_DEPTH, tokenBudget: null, recursive: false });
  });

  it('reads the book and bounds the depth', () => {
    expect(
      bookSettings({ entries: [], scan_depth: 3000, token_budget: 250.7, recursive_scanning: true }),
    ).toEqual({ scanDepth: MAX_SCAN_DEPTH, tokenBudget: 250, recursive: true });
    expect(bookSettings({ entries: [], token_budget: 0 }).tokenBudget).toBeNull();
    expect(bookSettings({ entries: [] }, { scanDepth: 2 }).scanDepth).toBe(2);
  });
});

describe('normalizeEntry', () => {
  const base: LorebookEntry = { keys: ['a'], content: 'x' };

  it('fills in the spec defaults', () => {
    const entry = normalizeEntry(base, 0, book);
    expect(entry).toMatchObject({
      label: 'Entry 1',
      enabled: true,
      constant: false,
      selective: false,
      logic: 'and-any',
      caseSensitive: false,
      wholeWords: false,
      useRegex: false,
      insertionOrder: 0,
      priority: 0,
      position: 'after_char',
      scanDepth: DEFAULT_SCAN_DEPTH,
    });
  });

  it("reads SillyTavern's settings from extensions", () => {
    const entry = normalizeEntry(
      {
        ...base,
        selective: true,
        secondary_keys: ['b'],
        extensions: {
          selectiveLogic: 2,
          match_whole_words: true,
          case_sensitive: true,
          scan_depth: 1,
          position: 0,
          exclude_recursion: true,
          prevent_recursion: true,
          delay_until_recursion: true,
        },
      },
      0,
      book,
    );
    expect(entry).toMatchObject({
      selective: true,
      logic: 'not-any',
      wholeWords: true,
      caseSensitive: true,
      scanDepth: 1,
      position: 'before_char',
      excludeRecursion: true,
      preventRecursion: true,
      delayUntilRecursion: true,
    });
  });

  it('prefers the spec field over extensions, and an unknown logic falls back to AND ANY', () => {
    const entry = normalizeEntry(
      {
        ...base,
        position: 'after_char',
        case_sensitive: false,
        extensions: { position: 0, case_sensitive: true, selectiveLogic: 9 },
      },
      0,
      book,
    );
    expect(entry).toMatchObject({ position: 'after_char', caseSensitive: false, logic: 'and-any' });
  });

  it('applies secondary keys only when selective and at least one is not blank', () => {
    expect(normalizeEntry({ ...base, selective: true, secondary_keys: [' '] }, 0, book).selective).toBe(
      false,
    );
    expect(normalizeEntry({ ...base, selective: false, secondary_keys: ['b'] }, 0, book).selective).toBe(
      false,
    );
  });

  it('labels an entry by name, then comment', () => {
    expect(normalizeEntry({ ...base, name: 'Dragons', comment: 'c' }, 3, book).label).toBe('Dragons');
    expect(normalizeEntry({ ...base, comment: 'About gold' }, 3, book).label).toBe('About gold');
  });
});
