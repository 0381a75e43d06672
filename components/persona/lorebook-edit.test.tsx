import { describe, expect, it } from 'vitest';
import { activateLorebook } from '../../lib/persona/lorebook/activate';
import { parseLorebook, type Lorebook } from '../../lib/persona/lorebook/schema';
import { estimateTokens } from '../../lib/llm/token-estimate';
import {
  addEntry,
  applyEntryChange,
  changeEntry,
  keyErrors,
  keysToText,
  removeEntry,
  textToKeys,
  viewEntry,
} from './lorebook-edit';
import {
  describeRow,
  describeStoredSummary,
  describeSummary,
  storedRows,
  textToTurns,
} from './inspector-text';
import { LoreReport, loreReportOf } from '../../lib/persona/lore-report';

const book = (): Lorebook => ({
  name: 'Harbour',
  extensions: { keep: true },
  entries: [
    {
      keys: ['lighthouse'],
      content: 'The light turns every ten seconds.',
      extensions: { depth: 4, selectiveLogic: 3, match_whole_words: true },
      enabled: true,
      insertion_order: 10,
      vendor_field: { nested: [1, 'two'] },
    },
  ],
});

const run = (b: Lorebook, turns: string[], budgetTokens?: number) =>
  activateLorebook({ book: b, turns, countTokens: estimateTokens, budgetTokens });

describe('lorebook editing', () => {
  it('reads the settings SillyTavern keeps in extensions', () => {
    const view = viewEntry(book().entries[0]!);
    expect(view).toMatchObject({ logic: 'and-all', wholeWords: true, enabled: true, position: 'after_char' });
  });

  it('changes only what it is told and keeps unknown fields and extensions', () => {
    const changed = changeEntry(book(), 0, { logic: 'not-any', wholeWords: false, caseSensitive: true });
    const entry = changed.entries[0]!;
    expect(entry.vendor_field).toEqual({ nested: [1, 'two'] });
    expect(entry.extensions).toEqual({ depth: 4, selectiveLogic: 2, match_whole_words: false });
    expect(entry.case_sensitive).toBe(true);
    expect(changed.extensions).toEqual({ keep: true });
    expect(parseLorebook(changed).ok).toBe(true);
  });

  it('writes the spec position over a numeric SillyTavern one', () => {
    const entry = applyEntryChange(
      { keys: [], content: 'x', extensions: { position: 4 } },
      { position: 'before_char' },
    );
    expect(entry.position).toBe('before_char');
    expect(entry.extensions).toEqual({});
  });

  it('edits take effect in activation: whole words, secondary logic, constant, disabled', () => {
    let b = book();
    expect(run(b, ['lighthouses'])).toMatchObject({ report: [{ outcome: 'skipped' }] });
    b = changeEntry(b, 0, { wholeWords: false });
    expect(run(b, ['lighthouses']).report[0]!.outcome).toBe('inserted');
    b = changeEntry(b, 0, { selective: true, secondaryKeys: ['storm'], logic: 'and-any' });
    expect(run(b, ['the lighthouse']).report[0]!.skip?.reason).toBe('secondary-logic-failed');
    expect(run(b, ['the lighthouse in a storm']).report[0]!.outcome).toBe('inserted');
    b = changeEntry(b, 0, { enabled: false });
    expect(run(b, ['the lighthouse in a storm']).report[0]!.skip?.reason).toBe('disabled');
    b = changeEntry(b, 0, { enabled: true, constant: true });
    expect(run(b, ['nothing here']).report[0]!.activation).toEqual({ kind: 'constant' });
  });

  it('adds an entry ordered last and removes one', () => {
    const added = addEntry(book());
    expect(added.entries).toHaveLength(2);
    expect(added.entries[1]!.insertion_order).toBe(20);
    expect(parseLorebook(added).ok).toBe(true);
    expect(removeEntry(added, 0).entries).toEqual([added.entries[1]]);
  });

  it('keeps a regex key with commas whole: one key per line', () => {
    expect(textToKeys('  /a{1,3}/i \n\nstorm\n')).toEqual(['/a{1,3}/i', 'storm']);
    expect(keysToText(['a', 'b'])).toBe('a\nb');
  });

  it('names keys that are not valid regular expressions', () => {
    const entry = applyEntryChange(book().entries[0]!, { useRegex: true, keys: ['(unclosed', 'fine'] });
    const errors = keyErrors(entry);
    expect(errors.map((e) => e.key)).toEqual(['(unclosed']);
    expect(errors[0]!.error).not.toBe('');
  });
});

describe('inspector wording', () => {
  const lore: Lorebook = {
    token_budget: 14,
    recursive_scanning: true,
    entries: [
      {
        keys: [],
        content: 'A constant fact that is rather long and will not fit at all.',
        constant: true,
        name: 'Long constant',
      },
      { keys: ['dragon'], content: 'Dragons guard the bay.', name: 'Dragons', insertion_order: 50 },
      { keys: ['bay'], content: 'The bay is cold.', name: 'Bay' },
      { keys: ['kraken'], content: 'Krakens sleep.', name: 'Kraken' },
      { keys: ['x'], content: 'off', enabled: false, name: 'Off' },
    ],
  };

  it('says which key fired at what depth, recursion, and every skip with its reason', () => {
    const result = run(lore, ['a dragon!', 'hello there']);
    const rows = result.report.map((row) => ({ label: row.label, ...describeRow(row, result.report) }));
    expect(rows[0]).toMatchObject({
      outcome: 'Dropped by the token budget (a constant entry)',
      dropped: true,
    });
    expect(rows[0]!.why).toContain('Fired: Always on (constant)');
    expect(rows[0]!.why).toMatch(/budget/);
    expect(rows[1]).toMatchObject({ outcome: 'Inserted' });
    expect(rows[1]!.why).toMatch(/^Key "dragon" in the turn at depth 2 \(1 before the latest\); \d+ tokens$/);
    expect(rows[2]!.why).toMatch(/^Key "bay" in the content of "Dragons" \(recursion level 1\)/);
    expect(rows[3]).toMatchObject({ outcome: 'No key matched' });
    expect(rows[4]).toMatchObject({ outcome: 'Switched off', why: 'the entry is switched off' });
    expect(describeSummary(result)).toMatch(
      /^2 of 5 entries inserted · 1 dropped by the budget · 14 of 14 tokens \(the book's budget\) · scan depth 4 · recursion 1 of at most 3 levels$/,
    );
  });

  it("words a reply's stored report the same way, recursion sources by entry number", () => {
    const result = run(lore, ['a dragon!', 'hello there']);
    const stored = LoreReport.parse(loreReportOf(result));
    const rows = storedRows(stored);
    const words = rows.map((row) => describeRow(row, rows));
    expect(words.find((w) => w.outcome === 'Dropped by the token budget (a constant entry)')).toBeDefined();
    expect(words.map((w) => w.why)).toContainEqual(
      expect.stringMatching(/^Key "bay" in the content of "Dragons" \(recursion level 1\)/),
    );
    expect(describeStoredSummary(stored)).toMatch(
      /^2 entries inserted · 1 dropped by the budget · 14 of 14 tokens · scan depth 4/,
    );
  });

  it('reads paragraphs as turns, the latest last', () => {
    expect(textToTurns('first\nline two\n\n  \n second ')).toEqual(['first\nline two', 'second']);
  });
});
