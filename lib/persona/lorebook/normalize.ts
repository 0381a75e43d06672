import type { Lorebook, LorebookEntry } from './schema';

/*
 * Defaults applied to a parsed lorebook before activation. The spec fields come first; where
 * the spec has none, the settings SillyTavern keeps in `extensions` are honoured, because
 * cards exported from it carry them there (selectiveLogic, match_whole_words, scan_depth,
 * exclude_recursion, prevent_recursion, delay_until_recursion, a numeric position).
 */

/** How secondary keys combine with a primary match (SillyTavern's `selectiveLogic` 0..3). */
export type SelectiveLogic = 'and-any' | 'not-all' | 'not-any' | 'and-all';

/** Where an entry goes: before or after the character's definition. */
export type LorePosition = 'before_char' | 'after_char';

/** SillyTavern's numbering of the selective logic, kept in an entry's `extensions.selectiveLogic`. */
export const SELECTIVE_LOGIC_BY_NUMBER: readonly SelectiveLogic[] = [
  'and-any',
  'not-all',
  'not-any',
  'and-all',
];

/** Scan depth when the book gives none; SillyTavern's default. */
export const DEFAULT_SCAN_DEPTH = 4;
/** Upper bound on any scan depth (SillyTavern's MAX_SCAN_DEPTH). */
export const MAX_SCAN_DEPTH = 1000;

/** Defaults the caller may set for what neither the entry nor the book says. */
export type MatchDefaults = { caseSensitive?: boolean; matchWholeWords?: boolean; scanDepth?: number };

/** An entry with every setting decided. */
export type NormalEntry = {
  index: number;
  /** What the inspector calls it: name, else comment, else its number. */
  label: string;
  keys: string[];
  secondaryKeys: string[];
  content: string;
  enabled: boolean;
  constant: boolean;
  /** True when secondary keys apply (selective and at least one secondary key). */
  selective: boolean;
  logic: SelectiveLogic;
  caseSensitive: boolean;
  wholeWords: boolean;
  useRegex: boolean;
  insertionOrder: number;
  priority: number;
  position: LorePosition;
  scanDepth: number;
  excludeRecursion: boolean;
  preventRecursion: boolean;
  delayUntilRecursion: boolean;
};

/** The book's own settings, decided. */
export type BookSettings = { scanDepth: number; tokenBudget: number | null; recursive: boolean };

const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function clampDepth(depth: number): number {
  return Math.min(MAX_SCAN_DEPTH, Math.max(0, Math.floor(depth)));
}

/** The book's scan depth, budget (null: none) and whether recursion is on (off when unset). */
export function bookSettings(book: Lorebook, defaults: MatchDefaults = {}): BookSettings {
  const budget = book.token_budget ?? 0;
  return {
    scanDepth: clampDepth(book.scan_depth ?? defaults.scanDepth ?? DEFAULT_SCAN_DEPTH),
    tokenBudget: budget > 0 ? Math.floor(budget) : null,
    recursive: book.recursive_scanning === true,
  };
}

function positionOf(entry: LorebookEntry, ext: Record<string, unknown>): LorePosition {
  if (entry.position) return entry.position;
  if (ext.position === 0) return 'before_char';
  // SillyTavern's other numeric positions (author's note, at depth, …) are not built yet:
  // they go after the character, SillyTavern's own default.
  return 'after_char';
}

/** Decides every setting of one entry. */
export function normalizeEntry(
  entry: LorebookEntry,
  index: number,
  book: BookSettings,
  defaults: MatchDefaults = {},
): NormalEntry {
  const ext = (entry.extensions ?? {}) as Record<string, unknown>;
  const secondaryKeys = entry.secondary_keys ?? [];
  const logicNumber = num(ext.selectiveLogic);
  const entryDepth = num(ext.scan_depth);
  return {
    index,
    label: entry.name?.trim() || entry.comment?.trim() || `Entry ${index + 1}`,
    keys: entry.keys,
    secondaryKeys,
    content: entry.content,
    enabled: entry.enabled !== false,
    constant: entry.constant === true,
    selective: entry.selective === true && secondaryKeys.some((key) => key.trim() !== ''),
    logic: (logicNumber !== undefined && SELECTIVE_LOGIC_BY_NUMBER[logicNumber]) || 'and-any',
    caseSensitive: entry.case_sensitive ?? bool(ext.case_sensitive) ?? defaults.caseSensitive ?? false,
    wholeWords: bool(ext.match_whole_words) ?? defaults.matchWholeWords ?? false,
    useRegex: entry.use_regex === true,
    insertionOrder: entry.insertion_order ?? 0,
    priority: entry.priority ?? 0,
    position: positionOf(entry, ext),
    scanDepth: entryDepth !== undefined ? clampDepth(entryDepth) : book.scanDepth,
    excludeRecursion: bool(ext.exclude_recursion) ?? false,
    preventRecursion: bool(ext.prevent_recursion) ?? false,
    delayUntilRecursion: bool(ext.delay_until_recursion) ?? false,
  };
}
