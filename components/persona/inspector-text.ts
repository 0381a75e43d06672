import type {
  Activation,
  EntryReport,
  LorebookActivation,
  SkipReason,
} from '../../lib/persona/lorebook/activation-types';
import type { LoreReport, LoreReportEntry } from '../../lib/persona/lore-report';

/*
 * The activation inspector's sentences: what fired an entry (which key, at what depth) or
 * why it stayed out, in words a person reads. Kept apart from the view so the wording is
 * tested on the real activation report.
 */

const SKIP_WORDS: Record<SkipReason, string> = {
  disabled: 'Switched off',
  'empty-content': 'No content',
  'no-keys': 'No keys',
  'no-key-matched': 'No key matched',
  'secondary-logic-failed': 'Secondary keys did not agree',
  'invalid-regex': 'Invalid regular expression',
  'over-budget': 'Dropped by the token budget',
  'recursion-cap': 'Past the recursion cap',
  'delayed-until-recursion': 'Waits for recursion',
};

const depthWords = (depth: number): string =>
  depth === 1 ? 'the latest turn (depth 1)' : `the turn at depth ${depth} (${depth - 1} before the latest)`;

/** Why the entry fired: "key "dragon" in the latest turn (depth 1)", "always on (constant)", … */
export function describeActivation(row: EntryReport, report: readonly EntryReport[]): string | null {
  const a = row.activation;
  if (!a) return null;
  const secondary = 'secondaryKey' in a && a.secondaryKey ? `, with secondary key "${a.secondaryKey}"` : '';
  switch (a.kind) {
    case 'constant':
      return 'Always on (constant)';
    case 'key':
      return `Key "${a.key}" in ${depthWords(a.depth)}${secondary}`;
    case 'recursion':
      return `Key "${a.key}" in the content of "${report.find((r) => r.index === a.fromEntry)?.label ?? `entry ${a.fromEntry + 1}`}" (recursion level ${a.level})${secondary}`;
  }
}

/** The inspector's verdict for one entry: a short outcome and the detail behind it. */
export function describeRow(
  row: EntryReport,
  report: readonly EntryReport[],
): { outcome: string; why: string; dropped: boolean } {
  const fired = describeActivation(row, report);
  if (row.outcome === 'inserted') {
    return { outcome: 'Inserted', why: `${fired}; ${row.tokens ?? 0} tokens`, dropped: false };
  }
  const skip = row.skip ?? { reason: 'no-key-matched' as const, detail: '' };
  const dropped = skip.reason === 'over-budget';
  const words = SKIP_WORDS[skip.reason] ?? skip.reason;
  const what = dropped && row.constant ? `${words} (a constant entry)` : words;
  const why = [fired && `Fired: ${fired}`, skip.detail].filter(Boolean).join('. ');
  return { outcome: what, why, dropped };
}

/** The summary line above the table: entries in, budget used, scan depth, recursion. */
export function describeSummary(result: LorebookActivation): string {
  const inserted = result.report.filter((r) => r.outcome === 'inserted').length;
  const dropped = result.report.filter((r) => r.skip?.reason === 'over-budget').length;
  const budget =
    result.budget.limit === null
      ? `${result.budget.used} tokens, no budget`
      : `${result.budget.used} of ${result.budget.limit} tokens (${result.budget.source === 'book' ? "the book's budget" : 'the budget set here'})`;
  const recursion = result.recursion.enabled
    ? `recursion ${result.recursion.levelsRun} of at most ${result.recursion.maxDepth} levels`
    : 'no recursion';
  return [
    `${inserted} of ${result.report.length} entries inserted`,
    dropped ? `${dropped} dropped by the budget` : null,
    budget,
    `scan depth ${result.scanDepth}`,
    recursion,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The turns the inspector scans: paragraphs of the text, separated by blank lines, oldest first. */
export function textToTurns(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function storedActivation(a: LoreReportEntry['activation']): Activation | undefined {
  if (!a) return undefined;
  const secondary = a.secondaryKey !== undefined ? { secondaryKey: a.secondaryKey } : {};
  if (a.kind === 'constant') return { kind: 'constant' };
  if (a.kind === 'key')
    return { kind: 'key', key: a.key ?? '', depth: a.depth ?? 1, turnIndex: 0, ...secondary };
  return {
    kind: 'recursion',
    key: a.key ?? '',
    level: a.level ?? 1,
    fromEntry: a.fromEntry ?? -1,
    ...secondary,
  };
}

/** A reply's stored report (MessageRecord.lorebook) in the shape the inspector's wording reads. */
export function storedRows(stored: LoreReport): EntryReport[] {
  return stored.entries.map((e) => ({
    index: e.index,
    label: e.label,
    position: e.position,
    insertionOrder: 0,
    priority: 0,
    constant: e.constant,
    outcome: e.outcome,
    activation: storedActivation(e.activation),
    tokens: e.tokens,
    skip: e.skip && { reason: e.skip.reason as SkipReason, detail: e.skip.detail },
  }));
}

/** The summary of a stored report: entries in, budget, and how many were not listed. */
export function describeStoredSummary(stored: LoreReport): string {
  const inserted = stored.entries.filter((e) => e.outcome === 'inserted').length;
  const dropped = stored.entries.filter((e) => e.skip?.reason === 'over-budget').length;
  const budget =
    stored.budget.limit === null
      ? `${stored.budget.used} tokens, no budget`
      : `${stored.budget.used} of ${stored.budget.limit} tokens`;
  return [
    `${inserted} entries inserted`,
    dropped ? `${dropped} dropped by the budget` : null,
    budget,
    `scan depth ${stored.scanDepth}`,
    stored.notListed ? `${stored.notListed} not listed (no key said, switched off or empty)` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
