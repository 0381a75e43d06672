import type { Lorebook, LorebookEntry } from '../../lib/persona/lorebook/schema';
import { SELECTIVE_LOGIC_BY_NUMBER, type SelectiveLogic } from '../../lib/persona/lorebook/normalize';
import { compileKeys, type KeyError } from '../../lib/persona/lorebook/keys';

/*
 * Editing a lorebook without losing anything the card brought. The editor works on the book
 * as it was read (spec field names, unknown fields kept); each change copies the book and
 * sets only the fields the control is about. Settings the spec has no field for go where
 * SillyTavern keeps them (`extensions.selectiveLogic`, `extensions.match_whole_words`), which
 * is also where activation (lib/persona/lorebook/normalize.ts) reads them.
 */

/** An entry's settings as the editor shows them. */
export interface EntryView {
  keys: string[];
  secondaryKeys: string[];
  selective: boolean;
  logic: SelectiveLogic;
  caseSensitive: boolean;
  wholeWords: boolean;
  useRegex: boolean;
  constant: boolean;
  enabled: boolean;
  insertionOrder: number;
  position: 'before_char' | 'after_char';
  name: string;
  content: string;
}

/** The four selective logics in the words the editor uses. */
export const LOGIC_LABELS: Record<SelectiveLogic, string> = {
  'and-any': 'and any secondary key',
  'and-all': 'and all secondary keys',
  'not-any': 'and none of the secondary keys',
  'not-all': 'and not all secondary keys',
};

const extOf = (entry: LorebookEntry): Record<string, unknown> => entry.extensions ?? {};

/** What the editor shows for one entry (defaults as activation applies them). */
export function viewEntry(entry: LorebookEntry): EntryView {
  const ext = extOf(entry);
  const logicNumber = typeof ext.selectiveLogic === 'number' ? ext.selectiveLogic : 0;
  return {
    keys: entry.keys,
    secondaryKeys: entry.secondary_keys ?? [],
    selective: entry.selective === true,
    logic: SELECTIVE_LOGIC_BY_NUMBER[logicNumber] ?? 'and-any',
    caseSensitive: entry.case_sensitive ?? ext.case_sensitive === true,
    wholeWords: ext.match_whole_words === true,
    useRegex: entry.use_regex === true,
    constant: entry.constant === true,
    enabled: entry.enabled !== false,
    insertionOrder: entry.insertion_order ?? 0,
    position: entry.position ?? (ext.position === 0 ? 'before_char' : 'after_char'),
    name: entry.name ?? entry.comment ?? '',
    content: entry.content,
  };
}

/** A change the editor makes to one entry. */
export type EntryChange = Partial<EntryView>;

/** The entry with `change` applied; every field the change does not name is kept as it was. */
export function applyEntryChange(entry: LorebookEntry, change: EntryChange): LorebookEntry {
  const next: LorebookEntry = { ...entry };
  const ext = { ...extOf(entry) };
  let extChanged = false;
  if (change.keys) next.keys = change.keys;
  if (change.secondaryKeys) next.secondary_keys = change.secondaryKeys;
  if (change.selective !== undefined) next.selective = change.selective;
  if (change.logic !== undefined) {
    ext.selectiveLogic = SELECTIVE_LOGIC_BY_NUMBER.indexOf(change.logic);
    extChanged = true;
  }
  if (change.caseSensitive !== undefined) next.case_sensitive = change.caseSensitive;
  if (change.wholeWords !== undefined) {
    ext.match_whole_words = change.wholeWords;
    extChanged = true;
  }
  if (change.useRegex !== undefined) next.use_regex = change.useRegex;
  if (change.constant !== undefined) next.constant = change.constant;
  if (change.enabled !== undefined) next.enabled = change.enabled;
  if (change.insertionOrder !== undefined) next.insertion_order = change.insertionOrder;
  if (change.position !== undefined) {
    next.position = change.position;
    // A numeric SillyTavern position would contradict the spec field; the spec field wins.
    if ('position' in ext) {
      delete ext.position;
      extChanged = true;
    }
  }
  if (change.name !== undefined) next.name = change.name;
  if (change.content !== undefined) next.content = change.content;
  if (extChanged) next.extensions = ext;
  return next;
}

/** The book with entry `index` changed. */
export function changeEntry(book: Lorebook, index: number, change: EntryChange): Lorebook {
  return { ...book, entries: book.entries.map((e, i) => (i === index ? applyEntryChange(e, change) : e)) };
}

/** A new, empty entry at the end of the book (enabled, after the character, ordered last). */
export function addEntry(book: Lorebook): Lorebook {
  const last = Math.max(0, ...book.entries.map((e) => e.insertion_order ?? 0));
  const entry: LorebookEntry = {
    keys: [],
    content: '',
    extensions: {},
    enabled: true,
    insertion_order: last + 10,
    constant: false,
    selective: false,
    secondary_keys: [],
    position: 'after_char',
    name: '',
  };
  return { ...book, entries: [...book.entries, entry] };
}

/** The book without entry `index`. */
export function removeEntry(book: Lorebook, index: number): Lorebook {
  return { ...book, entries: book.entries.filter((_, i) => i !== index) };
}

/** An empty lorebook for a persona that has none. */
export function emptyLorebook(): Lorebook {
  return { entries: [], extensions: {} };
}

/** Keys as the editor's text box holds them: one per line (a regex may contain commas). */
export const keysToText = (keys: readonly string[]): string => keys.join('\n');

/** The text box's keys: one per line, blank lines left out. */
export const textToKeys = (text: string): string[] =>
  text
    .split('\n')
    .map((k) => k.trim())
    .filter((k) => k !== '');

/** The keys of an entry that do not compile as regular expressions, with the reason. */
export function keyErrors(entry: LorebookEntry): KeyError[] {
  const view = viewEntry(entry);
  const options = { caseSensitive: view.caseSensitive, wholeWords: view.wholeWords, useRegex: view.useRegex };
  return [
    ...compileKeys(view.keys, options).errors,
    ...compileKeys(view.selective ? view.secondaryKeys : [], options).errors,
  ];
}
