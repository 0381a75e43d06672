/*
 * Lorebook keys turned into matchers. Three kinds:
 * - plain text: a substring, case-insensitive unless the entry says otherwise, optionally
 *   only as a whole word;
 * - regex (the entry's V3 `use_regex`): `/pattern/flags`, or a bare pattern (then
 *   case-insensitive unless the entry is case-sensitive). An invalid pattern is an error the
 *   caller reports: the spec says such an entry is not a match, and it must never crash;
 * - a `/pattern/flags` key in an entry without `use_regex`: SillyTavern treats these as regexes
 *   in every book, and cards exported from it rely on that. If it does not compile it is
 *   matched as plain text, as SillyTavern does.
 */

/** How an entry's keys are matched. */
export type KeyMatchOptions = { caseSensitive: boolean; wholeWords: boolean; useRegex: boolean };

/** One compiled key: tests a text for it. */
export type KeyMatcher = { key: string; test: (text: string) => boolean };

/** A key that did not compile, and why. */
export type KeyError = { key: string; error: string };

const SLASHED = /^\/([\s\S]+)\/([a-zA-Z]*)$/;
// Letters, digits and underscore of any script: a "whole word" boundary in Cyrillic or CJK too,
// unlike \b and SillyTavern's \W, which only know ASCII.
const WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
const WORD_AFTER = '(?![\\p{L}\\p{N}_])';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function compileRegex(key: string, caseSensitive: boolean): RegExp {
  const slashed = SLASHED.exec(key);
  if (slashed) {
    // A global or sticky flag would make test() stateful between calls: drop them.
    const flags = slashed[2]!.replace(/[gy]/g, '');
    return new RegExp(slashed[1]!, flags);
  }
  return new RegExp(key, caseSensitive ? '' : 'i');
}

// Every case-insensitive key of every entry tests the same few turns: lower-case each text
// once, not once per key (a 1,000-entry book spent most of its time here).
const lowered = new Map<string, string>();
function lowerCased(text: string): string {
  let lower = lowered.get(text);
  if (lower === undefined) {
    if (lowered.size >= 64) lowered.clear();
    lower = text.toLowerCase();
    lowered.set(text, lower);
  }
  return lower;
}

function plainMatcher(key: string, options: KeyMatchOptions): KeyMatcher {
  if (options.wholeWords) {
    const regex = new RegExp(WORD_BEFORE + escapeRegex(key) + WORD_AFTER, options.caseSensitive ? 'u' : 'iu');
    return { key, test: (text) => regex.test(text) };
  }
  if (options.caseSensitive) return { key, test: (text) => text.includes(key) };
  const lower = key.toLowerCase();
  return { key, test: (text) => lowerCased(text).includes(lower) };
}

/**
 * Compiles an entry's keys. Blank keys are ignored (they would match everything). With
 * `useRegex`, any key that does not compile is returned in `errors`.
 */
export function compileKeys(
  keys: readonly string[],
  options: KeyMatchOptions,
): { matchers: KeyMatcher[]; errors: KeyError[] } {
  const matchers: KeyMatcher[] = [];
  const errors: KeyError[] = [];
  for (const raw of keys) {
    const key = options.useRegex ? raw : raw.trim();
    if (!key.trim()) continue;
    if (options.useRegex || SLASHED.test(key)) {
      try {
        const regex = compileRegex(key, options.caseSensitive);
        matchers.push({ key, test: (text) => regex.test(text) });
        continue;
      } catch (error) {
        if (options.useRegex) {
          errors.push({ key, error: error instanceof Error ? error.message : String(error) });
          continue;
        }
        // Not a regex entry: the slashes were text after all.
      }
    }
    matchers.push(plainMatcher(key, options));
  }
  return { matchers, errors };
}
