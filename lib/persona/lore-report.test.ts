import { describe, expect, it } from 'vitest';
import { activateLorebook } from './lorebook/activate';
import type { LorebookEntry } from './lorebook/schema';
import { LoreReport, MAX_REPORTED_ENTRIES, loreReportOf } from './lore-report';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const entry = (keys: string[], content: string, more: Partial<LorebookEntry> = {}): LorebookEntry => ({
  keys,
  content,
  extensions: {},
  enabled: true,
  insertion_order: 100,
  ...more,
});

describe('the stored lorebook report', () => {
  it('keeps what fired and what was wanted but left out, counts the rest, and validates as stored', () => {
    const activation = activateLorebook({
      book: {
        entries: [
          entry(['dragon'], 'Dragons hoard gold.', { name: 'Dragons' }),
          entry([], 'The world is round and very old indeed.', { name: 'World', constant: true }),
          entry(['elf'], 'Elves.', { name: 'Elves' }),
          entry(['(unclosed'], 'Bad.', { name: 'Bad regex', use_regex: true }),
        ],
      },
      turns: ['hello', 'a dragon!'],
      countTokens: words,
      budgetTokens: 4,
    });
    const report = loreReportOf(activation);
    expect(LoreReport.parse(report)).toEqual(report);
    expect(report.entries.map((e) => [e.label, e.outcome, e.skip?.reason])).toEqual([
      ['Dragons', 'inserted', undefined],
      ['World', 'skipped', 'over-budget'],
      ['Bad regex', 'skipped', 'invalid-regex'],
    ]);
    expect(report.entries[0]!.activation).toEqual({ kind: 'key', key: 'dragon', depth: 1 });
    expect(report.notListed).toBe(1);
    expect(report.budget).toMatchObject({ limit: 4, source: 'prompt' });
  });

  it('bounds a huge book', () => {
    const entries = Array.from({ length: MAX_REPORTED_ENTRIES + 50 }, (_, i) => entry([`k${i}`], `c${i}`));
    const report = loreReportOf(
      activateLorebook({
        book: { entries },
        turns: [entries.map((_, i) => `k${i}`).join(' ')],
        countTokens: words,
      }),
    );
    expect(report.entries).toHaveLength(MAX_REPORTED_ENTRIES);
    expect(report.notListed).toBe(50);
    expect(LoreReport.safeParse(report).success).toBe(true);
  });
});
