import type {
  Activation,
  ActivationInput,
  EntryReport,
  InsertedEntry,
  LorebookActivation,
  SkipReason,
} from './activation-types';
import { fitBudget, type BudgetState } from './budget';
import { compileKeys, type KeyMatcher } from './keys';
import { bookSettings, normalizeEntry, type NormalEntry, type SelectiveLogic } from './normalize';

/*
 * Lorebook activation: which entries of a book go into this turn's prompt, and why each
 * other one does not. Pure: the turns, a token counter and the budget come in; the entries to
 * insert and a report on every entry (for the activation inspector) go out.
 *
 * Rounds: round 0 scans the recent turns (scan depth) and fires constant entries. When the
 * book scans recursively, the content of the entries kept in one round is scanned in the
 * next, up to the recursion cap; an entry that would fire only past the cap is reported so.
 * Each round's entries are fitted into what is left of the budget before their content may
 * trigger others, so an entry the budget dropped never pulls more lore in.
 */

/** Recursion levels when the caller does not say. */
export const DEFAULT_MAX_RECURSION = 3;

const LOGIC_LABEL: Record<SelectiveLogic, string> = {
  'and-any': 'AND ANY',
  'and-all': 'AND ALL',
  'not-any': 'NOT ANY',
  'not-all': 'NOT ALL',
};

type Candidate = { entry: NormalEntry; content: string; primary: KeyMatcher[]; secondary: KeyMatcher[] };
type Fired = { index: number; activation: Activation };
type Source = { index: number; text: string };
type SecondaryCheck = { ok: true; key?: string } | { ok: false; detail: string };

function checkSecondary(candidate: Candidate, haystack: string): SecondaryCheck {
  const { entry, secondary } = candidate;
  // Secondary keys that all expanded to blanks are as good as none: the entry is not selective.
  if (!entry.selective || secondary.length === 0) return { ok: true };
  const present = secondary.filter((matcher) => matcher.test(haystack)).map((matcher) => matcher.key);
  const total = secondary.length;
  const ok =
    entry.logic === 'and-any'
      ? present.length > 0
      : entry.logic === 'and-all'
        ? present.length === total
        : entry.logic === 'not-any'
          ? present.length === 0
          : present.length < total;
  if (ok) return entry.logic === 'and-any' || entry.logic === 'and-all' ? { ok, key: present[0] } : { ok };
  const found = present.length ? present.map((key) => `"${key}"`).join(', ') : 'none';
  return {
    ok: false,
    detail: `${LOGIC_LABEL[entry.logic]}: ${present.length} of ${total} secondary keys present (${found})`,
  };
}

function findInTurns(matchers: KeyMatcher[], turns: readonly string[], scanDepth: number) {
  for (let depth = 1; depth <= Math.min(scanDepth, turns.length); depth++) {
    const turnIndex = turns.length - depth;
    const matcher = matchers.find((m) => m.test(turns[turnIndex]!));
    if (matcher) return { key: matcher.key, depth, turnIndex };
  }
  return null;
}

function findInSources(matchers: KeyMatcher[], sources: readonly Source[]) {
  for (const source of sources) {
    const matcher = matchers.find((m) => m.test(source.text));
    if (matcher) return { key: matcher.key, fromEntry: source.index };
  }
  return null;
}

function budgetOf(book: number | null, prompt: number | undefined): LorebookActivation['budget'] {
  const fromPrompt = prompt === undefined ? null : Math.max(0, Math.floor(prompt));
  if (book === null && fromPrompt === null) return { limit: null, used: 0, source: 'none' };
  if (fromPrompt === null || (book !== null && book <= fromPrompt)) {
    return { limit: book, used: 0, source: 'book' };
  }
  return { limit: fromPrompt, used: 0, source: 'prompt' };
}

/** Decides which lorebook entries go into the prompt, and reports on every entry. */
export function activateLorebook(input: ActivationInput): LorebookActivation {
  const expand = input.expand ?? ((text: string) => text);
  const { turns, countTokens } = input;
  const settings = bookSettings(input.book, input.defaults);
  const maxDepth = Math.max(0, Math.floor(input.maxRecursionDepth ?? DEFAULT_MAX_RECURSION));
  const budget = budgetOf(settings.tokenBudget, input.budgetTokens);
  const state: BudgetState = { limit: budget.limit, used: 0 };
  const inserted: LorebookActivation['inserted'] = { before_char: [], after_char: [] };
  const pending = new Map<number, Candidate>();
  const misses = new Map<number, { reason: SkipReason; detail: string }>();
  // Primary hits in the chat whose secondary keys failed: recursed content may satisfy them later.
  const chatHits = new Map<number, NonNullable<ReturnType<typeof findInTurns>>>();

  const report: EntryReport[] = input.book.entries.map((raw, index) => {
    const entry = normalizeEntry(raw, index, settings, input.defaults);
    const row: EntryReport = {
      index,
      label: entry.label,
      position: entry.position,
      insertionOrder: entry.insertionOrder,
      priority: entry.priority,
      constant: entry.constant,
      outcome: 'skipped',
      ...(entry.selective ? { logic: entry.logic } : {}),
    };
    const skip = (reason: SkipReason, detail: string) => ({ ...row, skip: { reason, detail } });
    if (!entry.enabled) return skip('disabled', 'the entry is switched off');
    const content = expand(entry.content);
    if (!content.trim()) return skip('empty-content', 'the entry has no content to insert');
    const options = {
      caseSensitive: entry.caseSensitive,
      wholeWords: entry.wholeWords,
      useRegex: entry.useRegex,
    };
    const primary = compileKeys(entry.keys.map(expand), options);
    const secondary = compileKeys(entry.selective ? entry.secondaryKeys.map(expand) : [], options);
    const errors = [...primary.errors, ...secondary.errors];
    if (!entry.constant && errors.length) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      return skip('invalid-regex', `key ${JSON.stringify(errors[0]!.key)}: ${errors[0]!.error}${more}`);
    }
    if (!entry.constant && primary.matchers.length === 0) return skip('no-keys', 'the entry has no keys');
    pending.set(index, { entry, content, primary: primary.matchers, secondary: secondary.matchers });
    return row;
  });

  const windowText = (entry: NormalEntry) =>
    entry.scanDepth === 0 ? '' : turns.slice(Math.max(0, turns.length - entry.scanDepth)).join('\n');

  // Fits one round's entries into the budget; returns the content the next round scans.
  const settle = (fired: Fired[]): Source[] => {
    const tokens = new Map(fired.map((f) => [f.index, countTokens(pending.get(f.index)!.content)]));
    const round = fitBudget(
      fired.map(({ index }) => {
        const { entry } = pending.get(index)!;
        return {
          index,
          priority: entry.priority,
          insertionOrder: entry.insertionOrder,
          tokens: tokens.get(index)!,
        };
      }),
      state,
    );
    const activationOf = new Map(fired.map((f) => [f.index, f.activation]));
    const sources: Source[] = [];
    for (const index of round.kept) {
      const { entry, content } = pending.get(index)!;
      const activation = activationOf.get(index)!;
      Object.assign(report[index]!, { outcome: 'inserted', activation, tokens: tokens.get(index) });
      const item: InsertedEntry = {
        index,
        label: entry.label,
        content,
        insertionOrder: entry.insertionOrder,
        tokens: tokens.get(index)!,
        activation,
      };
      inserted[entry.position].push(item);
      if (!entry.preventRecursion) sources.push({ index, text: content });
      pending.delete(index);
    }
    for (const { index, detail } of round.dropped) {
      Object.assign(report[index]!, {
        activation: activationOf.get(index),
        tokens: tokens.get(index),
        skip: { reason: 'over-budget', detail },
      });
      pending.delete(index);
    }
    return sources.sort((a, b) => a.index - b.index);
  };

  // Round 0: constant entries and keys in the recent turns.
  const firstRound: Fired[] = [];
  for (const [index, candidate] of pending) {
    const { entry } = candidate;
    if (entry.constant) {
      firstRound.push({ index, activation: { kind: 'constant' } });
      continue;
    }
    if (entry.delayUntilRecursion) {
      misses.set(index, {
        reason: 'delayed-until-recursion',
        detail: settings.recursive
          ? "fires only from another entry's content, and none held its keys"
          : "fires only from another entry's content, and this book does not scan recursively",
      });
      continue;
    }
    const hit = findInTurns(candidate.primary, turns, entry.scanDepth);
    if (!hit) {
      const scanned = Math.min(entry.scanDepth, turns.length);
      misses.set(index, { reason: 'no-key-matched', detail: `no key found in the last ${scanned} turns` });
      continue;
    }
    const secondary = checkSecondary(candidate, windowText(entry));
    if (!secondary.ok) {
      misses.set(index, { reason: 'secondary-logic-failed', detail: secondary.detail });
      chatHits.set(index, hit);
      continue;
    }
    firstRound.push({ index, activation: { kind: 'key', ...hit, ...keyOf(secondary) } });
  }
  let sources = settle(firstRound);

  // Recursion: the content kept in one round may trigger entries in the next.
  let levelsRun = 0;
  const recursionText: string[] = [];
  while (settings.recursive && sources.length) {
    recursionText.push(...sources.map((s) => s.text));
    const level = levelsRun + 1;
    const found: Fired[] = [];
    for (const [index, candidate] of pending) {
      if (candidate.entry.excludeRecursion) continue;
      const hit = findInSources(candidate.primary, sources);
      const chatHit = chatHits.get(index);
      if (!hit && !chatHit) continue;
      const haystack = [windowText(candidate.entry), ...recursionText].join('\n');
      const secondary = checkSecondary(candidate, haystack);
      if (!secondary.ok) {
        misses.set(index, { reason: 'secondary-logic-failed', detail: secondary.detail });
        continue;
      }
      const activation: Activation = hit
        ? { kind: 'recursion', ...hit, level, ...keyOf(secondary) }
        : { kind: 'key', ...chatHit!, ...keyOf(secondary) };
      found.push({ index, activation });
    }
    if (!found.length) break;
    if (level > maxDepth) {
      for (const { index, activation } of found) {
        const from = activation.kind === 'recursion' ? report[activation.fromEntry]!.label : '';
        misses.set(index, {
          reason: 'recursion-cap',
          detail: `would fire at recursion level ${level} (from "${from}"), past the cap of ${maxDepth}`,
        });
      }
      break;
    }
    sources = settle(found);
    levelsRun = level;
  }

  for (const [index, miss] of misses) if (pending.has(index)) report[index]!.skip = miss;
  for (const list of Object.values(inserted)) {
    list.sort((a, b) => a.insertionOrder - b.insertionOrder || a.index - b.index);
  }
  return {
    inserted,
    report,
    budget: { ...budget, used: state.used },
    scanDepth: settings.scanDepth,
    recursion: { enabled: settings.recursive, maxDepth, levelsRun },
  };
}

function keyOf(check: SecondaryCheck): { secondaryKey?: string } {
  return check.ok && check.key !== undefined ? { secondaryKey: check.key } : {};
}
