import { describe, expect, it } from 'vitest';
import { LOREBOOK_LIMITS, parseLorebook } from './schema';

const entry = {
  keys: ['dragon'],
  content: 'Dragons sleep on gold.',
  extensions: {},
  enabled: true,
  insertion_order: 10,
};

describe('parseLorebook', () => {
  it('reads a V2 character_book with every spec field, keeping unknown fields and extensions', () => {
    const book = {
      name: 'World',
      description: 'Lore',
      scan_depth: 6,
      token_budget: 500,
      recursive_scanning: true,
      extensions: { risu: { x: 1 } },
      custom_book_field: 'kept',
      entries: [
        {
          ...entry,
          case_sensitive: false,
          use_regex: false,
          constant: false,
          name: 'Dragons',
          priority: 3,
          id: 7,
          comment: 'note',
          selective: true,
          secondary_keys: ['gold'],
          position: 'after_char',
          extensions: { selectiveLogic: 3, match_whole_words: true },
          unknown_entry_field: [1, 2],
        },
      ],
    };
    const parsed = parseLorebook(book);
    expect(parsed).toEqual({ ok: true, book });
  });

  it('reads a standalone lorebook_v3 file', () => {
    const parsed = parseLorebook({ spec: 'lorebook_v3', data: { extensions: {}, entries: [entry] } });
    expect(parsed.ok && parsed.book.entries[0]!.keys).toEqual(['dragon']);
  });

  it('accepts null for optional fields and a missing enabled, as tools in the wild write them', () => {
    const parsed = parseLorebook({
      scan_depth: null,
      entries: [
        { keys: ['a'], content: 'x', secondary_keys: null, priority: null, id: null, position: null },
      ],
    });
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['not an object', 'not a book', '(message)'],
    ['entries missing', { name: 'x' }, 'entries'],
    ['entries as a SillyTavern world-info map', { entries: { 0: entry } }, 'entries'],
    ['a key that is not a string', { entries: [{ ...entry, keys: ['ok', 5] }] }, 'entries.0.keys.1'],
    ['content missing', { entries: [entry, { keys: ['a'] }] }, 'entries.1.content'],
    [
      'insertion_order as text',
      { entries: [{ ...entry, insertion_order: '10' }] },
      'entries.0.insertion_order',
    ],
    ['an unknown position', { entries: [{ ...entry, position: 'top' }] }, 'entries.0.position'],
    ['use_regex as text', { entries: [{ ...entry, use_regex: 'yes' }] }, 'entries.0.use_regex'],
    ['a negative scan depth', { scan_depth: -1, entries: [] }, 'scan_depth'],
    ['an infinite budget', { token_budget: Infinity, entries: [] }, 'token_budget'],
    ['extensions as an array', { entries: [{ ...entry, extensions: [1] }] }, 'entries.0.extensions'],
  ])('refuses %s, naming the field', (_, input, field) => {
    const parsed = parseLorebook(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(/^Lorebook refused: /);
      expect(parsed.error).toContain(`${field}:`);
    }
  });

  it('refuses a wrapper with another spec, naming it', () => {
    const parsed = parseLorebook({ spec: 'chara_card_v2', data: { entries: [] } });
    expect(parsed).toEqual({
      ok: false,
      error: 'Lorebook refused: spec: expected "lorebook_v3", got "chara_card_v2"',
    });
  });

  it('refuses a lorebook_v3 file whose data is bad, naming the field inside data', () => {
    const parsed = parseLorebook({
      spec: 'lorebook_v3',
      data: { entries: [{ keys: 'dragon', content: '' }] },
    });
    expect(!parsed.ok && parsed.error).toContain('data.entries.0.keys:');
  });

  it('refuses books past the size limits', () => {
    const tooMany = { entries: Array.from({ length: LOREBOOK_LIMITS.entries + 1 }, () => entry) };
    expect(parseLorebook(tooMany).ok).toBe(false);
    const longKey = { entries: [{ ...entry, keys: ['k'.repeat(LOREBOOK_LIMITS.keyLength + 1)] }] };
    expect(!parseLorebook(longKey).ok && (parseLorebook(longKey) as { error: string }).error).toContain(
      'entries.0.keys.0',
    );
  });
});
