import { describe, expect, it } from 'vitest';
import { activateLorebook, DEFAULT_MAX_RECURSION } from './activate';
import { fitBudget } from './budget';
import type { LorebookEntry } from './schema';

/** One token per word. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function entry(
  name: string,
  keys: string[],
  content: string,
  more: Partial<LorebookEntry> = {},
): LorebookEntry {
  return { name, keys, content, extensions: {}, enabled: true, insertion_order: 100, ...more };
}

describe('fitBudget', () => {
  it('keeps by priority, then insertion_order, then book order, and lets smaller entries fill the rest', () => {
    const state = { limit: 10, used: 0 };
    const round = fitBudget(
      [
        { index: 0, priority: 0, insertionOrder: 100, tokens: 4 },
        { index: 1, priority: 5, insertionOrder: 1, tokens: 4 },
        { index: 2, priority: 0, insertionOrder: 200, tokens: 5 },
        { index: 3, priority: 0, insertionOrder: 50, tokens: 1 },
      ],
      state,
    );
    expect(round.kept).toEqual([1, 2, 3]);
    expect(round.dropped).toEqual([{ index: 0, detail: 'needs 4 tokens; 1 of the 10-token budget left' }]);
    expect(state.used).toBe(10);
  });

  it('keeps everything when there is no limit', () => {
    const state = { limit: null, used: 0 };
    expect(fitBudget([{ index: 0, priority: 0, insertionOrder: 0, tokens: 1e6 }], state).kept).toEqual([0]);
  });
});

describe('activateLorebook: token budget', () => {
  const entries = [
    entry('Always', [], 'one two three four five', { constant: true, insertion_order: 1 }),
    entry('Dragon', ['dragon'], 'six seven eight', { insertion_order: 50 }),
    entry('Gold', ['gold'], 'nine ten', { insertion_order: 40 }),
  ];

  it('drops a constant entry the budget has no room for, and reports it as fired and dropped', () => {
    const result = activateLorebook({
      book: { entries, token_budget: 6 },
      turns: ['the dragon and its gold'],
      countTokens: words,
    });
    const always = result.report[0]!;
    expect(always).toMatchObject({
      outcome: 'skipped',
      constant: true,
      activation: { kind: 'constant' },
      tokens: 5,
      skip: { reason: 'over-budget', detail: 'needs 5 tokens; 1 of the 6-token budget left' },
    });
    expect(result.report.filter((r) => r.outcome === 'inserted').map((r) => r.label)).toEqual([
      'Dragon',
      'Gold',
    ]);
    expect(result.budget).toEqual({ limit: 6, used: 5, source: 'book' });
  });

  it("uses the prompt's share when it is smaller than the book's budget", () => {
    const result = activateLorebook({
      book: { entries, token_budget: 100 },
      turns: ['dragon'],
      countTokens: words,
      budgetTokens: 3,
    });
    expect(result.budget).toEqual({ limit: 3, used: 3, source: 'prompt' });
    expect(result.report.map((r) => r.skip?.reason)).toEqual(['over-budget', undefined, 'no-key-matched']);
  });

  it('with a zero share inserts nothing and reports every fired entry as over budget', () => {
    const result = activateLorebook({
      book: { entries },
      turns: ['dragon gold'],
      countTokens: words,
      budgetTokens: 0,
    });
    expect(result.inserted).toEqual({ before_char: [], after_char: [] });
    expect(result.report.map((r) => r.skip?.reason)).toEqual(['over-budget', 'over-budget', 'over-budget']);
  });

  it('has no limit when neither the book nor the caller sets one', () => {
    const result = activateLorebook({ book: { entries }, turns: ['dragon gold'], countTokens: words });
    expect(result.budget).toEqual({ limit: null, used: 10, source: 'none' });
  });
});

describe('activateLorebook: recursive scanning', () => {
  // A chain: the chat names the king; the king's entry names the castle; the castle's the
  // dragon; the dragon's the hoard; the hoard's the curse.
  const chain = [
    entry('King', ['king'], 'The king lives in the castle.'),
    entry('Castle', ['castle'], 'The castle is guarded by a dragon.'),
    entry('Dragon', ['dragon'], 'The dragon sleeps on a hoard.'),
    entry('Hoard', ['hoard'], 'The hoard carries a curse.'),
    entry('Curse', ['curse'], 'The curse is old.'),
  ];

  it('does not recurse when the book does not ask for it', () => {
    const result = activateLorebook({ book: { entries: chain }, turns: ['the king'], countTokens: words });
    expect(result.recursion).toEqual({ enabled: false, maxDepth: DEFAULT_MAX_RECURSION, levelsRun: 0 });
    expect(result.report.map((r) => r.outcome)).toEqual([
      'inserted',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('fires entries named in fired content, reporting the level and the entry it came from, up to the cap', () => {
    const result = activateLorebook({
      book: { entries: chain, recursive_scanning: true },
      turns: ['tell me of the king'],
      countTokens: words,
      maxRecursionDepth: 2,
    });
    expect(result.report.map((r) => r.activation)).toEqual([
      { kind: 'key', key: 'king', depth: 1, turnIndex: 0 },
      { kind: 'recursion', key: 'castle', level: 1, fromEntry: 0 },
      { kind: 'recursion', key: 'dragon', level: 2, fromEntry: 1 },
      undefined,
      undefined,
    ]);
    expect(result.report[3]!.skip).toEqual({
      reason: 'recursion-cap',
      detail: 'would fire at recursion level 3 (from "Dragon"), past the cap of 2',
    });
    expect(result.report[4]!.skip?.reason).toBe('no-key-matched');
    expect(result.recursion).toEqual({ enabled: true, maxDepth: 2, levelsRun: 2 });
  });

  it('stops by itself when nothing new fires, below the cap', () => {
    const result = activateLorebook({
      book: { entries: chain, recursive_scanning: true },
      turns: ['the hoard'],
      countTokens: words,
    });
    expect(result.report.filter((r) => r.outcome === 'inserted').map((r) => r.label)).toEqual([
      'Hoard',
      'Curse',
    ]);
    expect(result.recursion.levelsRun).toBe(1);
  });

  it('does not let an entry the budget dropped trigger others', () => {
    const result = activateLorebook({
      book: { entries: chain, recursive_scanning: true, token_budget: 3 },
      turns: ['the king'],
      countTokens: words,
    });
    expect(result.report[0]!.skip?.reason).toBe('over-budget');
    expect(result.report[1]!.skip?.reason).toBe('no-key-matched');
  });

  it("honours SillyTavern's exclude_recursion, prevent_recursion and delay_until_recursion", () => {
    const entries = [
      entry('Start', ['start'], 'mentions alpha and beta.'),
      entry('Alpha', ['alpha'], 'Alpha mentions gamma.', { extensions: { prevent_recursion: true } }),
      entry('Beta', ['beta'], 'Beta.', { extensions: { exclude_recursion: true } }),
      entry('Gamma', ['gamma'], 'Gamma.'),
      entry('Delta', ['start'], 'Delta waits.', { extensions: { delay_until_recursion: true } }),
    ];
    const result = activateLorebook({
      book: { entries, recursive_scanning: true },
      turns: ['start'],
      countTokens: words,
    });
    expect(result.report.map((r) => r.outcome)).toEqual([
      'inserted',
      'inserted',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(result.report[4]!.skip?.reason).toBe('delayed-until-recursion');
  });

  it('fires a delay_until_recursion entry from content', () => {
    const entries = [
      entry('Start', ['start'], 'the secret door.'),
      entry('Door', ['door'], 'Door.', { extensions: { delay_until_recursion: true } }),
    ];
    const result = activateLorebook({
      book: { entries, recursive_scanning: true },
      turns: ['start by the door'],
      countTokens: words,
    });
    expect(result.report[1]!.activation).toEqual({ kind: 'recursion', key: 'door', level: 1, fromEntry: 0 });
  });

  it('checks secondary keys against the chat and the recursed content', () => {
    const entries = [
      entry('King', ['king'], 'The king has a crown.'),
      entry('Crown', ['crown'], 'The crown.', {
        selective: true,
        secondary_keys: ['gold'],
        extensions: { selectiveLogic: 0 },
      }),
    ];
    const withGold = activateLorebook({
      book: { entries, recursive_scanning: true },
      turns: ['the king', 'of gold'],
      countTokens: words,
    });
    expect(withGold.report[1]!.activation).toMatchObject({
      kind: 'recursion',
      key: 'crown',
      secondaryKey: 'gold',
    });
    const without = activateLorebook({
      book: { entries, recursive_scanning: true },
      turns: ['the king'],
      countTokens: words,
    });
    expect(without.report[1]!.skip?.reason).toBe('secondary-logic-failed');
  });

  it('fires a chat match whose secondary key only recursed content holds, as SillyTavern rescans the buffer', () => {
    const entries = [
      entry('King', ['king'], 'The king loves gold.'),
      entry('Crown', ['crown'], 'The crown.', { selective: true, secondary_keys: ['gold'] }),
    ];
    const result = activateLorebook({
      book: { entries, recursive_scanning: true },
      turns: ['the king', 'and his crown'],
      countTokens: words,
    });
    expect(result.report[1]!.activation).toEqual({
      kind: 'key',
      key: 'crown',
      depth: 1,
      turnIndex: 1,
      secondaryKey: 'gold',
    });
    const flat = activateLorebook({
      book: { entries },
      turns: ['the king', 'and his crown'],
      countTokens: words,
    });
    expect(flat.report[1]!.skip?.reason).toBe('secondary-logic-failed');
  });
});
