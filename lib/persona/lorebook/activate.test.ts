import { describe, expect, it } from 'vitest';
import { activateLorebook } from './activate';
import type { ActivationInput, EntryReport } from './activation-types';
import type { Lorebook, LorebookEntry } from './schema';

/** One token per word: easy to reason about in a test. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function entry(keys: string[], content: string, more: Partial<LorebookEntry> = {}): LorebookEntry {
  return { keys, content, extensions: {}, enabled: true, insertion_order: 100, ...more };
}

function run(
  entries: LorebookEntry[],
  turns: string[],
  more: Partial<ActivationInput> & Partial<Lorebook> = {},
) {
  const { budgetTokens, maxRecursionDepth, defaults, expand, ...bookFields } = more;
  return activateLorebook({
    book: { entries, ...bookFields },
    turns,
    countTokens: words,
    ...(budgetTokens !== undefined ? { budgetTokens } : {}),
    ...(maxRecursionDepth !== undefined ? { maxRecursionDepth } : {}),
    ...(defaults ? { defaults } : {}),
    ...(expand ? { expand } : {}),
  });
}

const fired = (report: EntryReport[]) => report.filter((r) => r.outcome === 'inserted').map((r) => r.label);
const reason = (row: EntryReport | undefined) => row?.skip?.reason;

describe('activateLorebook: primary keys', () => {
  it('fires an entry whose key is in a recent turn, naming the key, depth and turn', () => {
    const result = run(
      [
        entry(['dragon', 'wyrm'], 'Dragons hoard gold.', { name: 'Dragons' }),
        entry(['elf'], 'Elves.', { name: 'Elves' }),
      ],
      ['Hello', 'Tell me about the wyrm', 'ok'],
    );
    expect(result.report[0]).toMatchObject({
      outcome: 'inserted',
      activation: { kind: 'key', key: 'wyrm', depth: 2, turnIndex: 1 },
      tokens: 3,
    });
    expect(result.report[1]).toMatchObject({ outcome: 'skipped', skip: { reason: 'no-key-matched' } });
    expect(result.inserted.after_char.map((e) => e.content)).toEqual(['Dragons hoard gold.']);
  });

  it('reports the nearest turn when a key appears in several', () => {
    const result = run([entry(['moon'], 'The moon.')], ['moon', 'x', 'the moon again', 'y']);
    expect(result.report[0]!.activation).toEqual({ kind: 'key', key: 'moon', depth: 2, turnIndex: 2 });
  });

  it('is case-insensitive unless the entry is case-sensitive', () => {
    const turns = ['I met ALICE today'];
    expect(fired(run([entry(['alice'], 'Alice.', { name: 'A' })], turns).report)).toEqual(['A']);
    const strict = run([entry(['Alice'], 'Alice.', { case_sensitive: true })], turns);
    expect(reason(strict.report[0])).toBe('no-key-matched');
  });

  it('matches whole words when the entry (or the caller default) asks', () => {
    const turns = ['what a catastrophe'];
    const whole = entry(['cat'], 'Cats.', { extensions: { match_whole_words: true } });
    expect(reason(run([whole], turns).report[0])).toBe('no-key-matched');
    expect(run([entry(['cat'], 'Cats.')], turns).report[0]!.outcome).toBe('inserted');
    const byDefault = run([entry(['cat'], 'Cats.')], turns, { defaults: { matchWholeWords: true } });
    expect(reason(byDefault.report[0])).toBe('no-key-matched');
  });

  it('skips disabled entries, entries without content and entries without keys, saying so', () => {
    const result = run(
      [entry(['dragon'], 'A', { enabled: false }), entry(['dragon'], '   '), entry([' '], 'No keys.')],
      ['dragon'],
    );
    expect(result.report.map(reason)).toEqual(['disabled', 'empty-content', 'no-keys']);
    expect(result.inserted).toEqual({ before_char: [], after_char: [] });
  });

  it('applies expand (macros) to keys and content before matching and counting', () => {
    const result = run([entry(['{{char}}'], '{{char}} is a dragon.')], ['where is Ember'], {
      expand: (text) => text.replace(/\{\{char\}\}/g, 'Ember'),
    });
    expect(result.inserted.after_char[0]).toMatchObject({ content: 'Ember is a dragon.', tokens: 4 });
  });
});

describe('activateLorebook: selective logic', () => {
  const selective = (logic: number) =>
    entry(['castle'], 'The castle.', {
      selective: true,
      secondary_keys: ['king', 'queen'],
      extensions: { selectiveLogic: logic },
    });
  const cases: [string, number, string, boolean][] = [
    ['AND ANY, one present', 0, 'the castle of the king', true],
    ['AND ANY, none present', 0, 'the castle', false],
    ['NOT ALL, one present', 1, 'the castle of the king', true],
    ['NOT ALL, all present', 1, 'the castle of the king and queen', false],
    ['NOT ANY, none present', 2, 'the castle', true],
    ['NOT ANY, one present', 2, 'the castle of the queen', false],
    ['AND ALL, all present', 3, 'the castle, the king and the queen', true],
    ['AND ALL, one present', 3, 'the castle of the king', false],
  ];
  it.each(cases)('%s', (_, logic, text, fires) => {
    const row = run([selective(logic)], [text]).report[0]!;
    expect(row.outcome).toBe(fires ? 'inserted' : 'skipped');
    if (!fires) {
      expect(row.skip).toMatchObject({ reason: 'secondary-logic-failed' });
      expect(row.skip!.detail).toMatch(/^(AND ANY|NOT ALL|NOT ANY|AND ALL): \d of 2 secondary keys present/);
    }
  });

  it('names the secondary key that satisfied AND ANY, and looks for it across the scanned turns', () => {
    const row = run([selective(0)], ['the queen is here', 'to the castle'], {}).report[0]!;
    expect(row.activation).toEqual({
      kind: 'key',
      key: 'castle',
      depth: 1,
      turnIndex: 1,
      secondaryKey: 'queen',
    });
  });

  it('ignores secondary keys when the entry is not selective', () => {
    const row = run([entry(['castle'], 'C.', { selective: false, secondary_keys: ['king'] })], ['castle'])
      .report[0]!;
    expect(row.outcome).toBe('inserted');
  });

  it('needs the primary key: secondary keys alone do not fire an entry', () => {
    expect(reason(run([selective(2)], ['nothing here']).report[0])).toBe('no-key-matched');
  });
});

describe('activateLorebook: regex keys (V3 use_regex)', () => {
  it('fires on a regex key and reports the key as written', () => {
    const row = run([entry(['/\\bdrag(on|ons)\\b/i'], 'D.', { use_regex: true })], ['Two DRAGONS'])
      .report[0]!;
    expect(row.activation).toMatchObject({ kind: 'key', key: '/\\bdrag(on|ons)\\b/i' });
  });

  it('skips an entry with an invalid regex, with the key and the reason, and goes on with the others', () => {
    const result = run(
      [
        entry(['/(broken/', 'fine'], 'Bad.', { use_regex: true, name: 'Bad' }),
        entry(['fine'], 'Good.', { name: 'Good' }),
      ],
      ['fine'],
    );
    expect(result.report[0]!.skip).toMatchObject({ reason: 'invalid-regex' });
    expect(result.report[0]!.skip!.detail).toContain('"/(broken/"');
    expect(fired(result.report)).toEqual(['Good']);
  });

  it('also checks secondary keys as regexes', () => {
    const e = entry(['/ca(stle|tle)/'], 'C.', {
      use_regex: true,
      selective: true,
      secondary_keys: ['/k(ing|night)/'],
    });
    expect(run([e], ['castle knight']).report[0]!.outcome).toBe('inserted');
    expect(reason(run([e], ['castle cattle']).report[0])).toBe('secondary-logic-failed');
  });
});

describe('activateLorebook: constant entries, order and position', () => {
  it('fires constant entries with no key in the chat, even with no turns', () => {
    const result = run([entry([], 'Always.', { constant: true })], []);
    expect(result.report[0]).toMatchObject({
      outcome: 'inserted',
      activation: { kind: 'constant' },
      constant: true,
    });
  });

  it('groups by position and orders each group by insertion_order, lower first, then book order', () => {
    const result = run(
      [
        entry(['x'], 'after 20', { insertion_order: 20, position: 'after_char' }),
        entry(['x'], 'before 5', { insertion_order: 5, position: 'before_char' }),
        entry(['x'], 'after 10', { insertion_order: 10 }),
        entry(['x'], 'before 1 (from extensions)', { insertion_order: 1, extensions: { position: 0 } }),
        entry(['x'], 'after 10 again', { insertion_order: 10, position: 'after_char' }),
      ],
      ['x'],
    );
    expect(result.inserted.before_char.map((e) => e.content)).toEqual([
      'before 1 (from extensions)',
      'before 5',
    ]);
    expect(result.inserted.after_char.map((e) => e.content)).toEqual([
      'after 10',
      'after 10 again',
      'after 20',
    ]);
  });
});

describe('activateLorebook: scan depth', () => {
  const turns = ['the tower', 'a', 'b', 'c', 'd'];

  it('scans only the last scan_depth turns (default 4)', () => {
    expect(reason(run([entry(['tower'], 'T.')], turns).report[0])).toBe('no-key-matched');
    expect(run([entry(['tower'], 'T.')], turns, { scan_depth: 5 }).report[0]!.activation).toMatchObject({
      depth: 5,
      turnIndex: 0,
    });
  });

  it('scans nothing at depth 0, where only constant entries fire', () => {
    const result = run([entry(['d'], 'D.'), entry([], 'C.', { constant: true })], turns, { scan_depth: 0 });
    expect(result.report.map((r) => r.outcome)).toEqual(['skipped', 'inserted']);
    expect(result.report[0]!.skip!.detail).toBe('no key found in the last 0 turns');
  });

  it("honours an entry's own scan depth from extensions", () => {
    const row = run([entry(['c'], 'C.', { extensions: { scan_depth: 1 } })], turns).report[0]!;
    expect(reason(row)).toBe('no-key-matched');
  });

  it('keeps secondary keys to the scanned window too', () => {
    const e = entry(['d'], 'D.', { selective: true, secondary_keys: ['tower'] });
    expect(reason(run([e], turns).report[0])).toBe('secondary-logic-failed');
    expect(run([e], turns, { scan_depth: 10 }).report[0]!.outcome).toBe('inserted');
  });
});
