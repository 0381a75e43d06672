import { CardError } from '../../lib/persona/cards/card-limits';
import { parseLorebook, type Lorebook } from '../../lib/persona/lorebook/schema';

/*
 * What a chosen or dropped file is: a character card (JSON, PNG/APNG, CHARX; the card
 * reader decides) or a standalone lorebook (JSON with `spec: "lorebook_v3"`, or a bare book:
 * no `spec` and an `entries` field). Lorebooks are read here so that a bad one is refused
 * in words naming the field, never skipped in silence.
 */

/** A file sorted for import. */
export type SortedFile =
  | { kind: 'card'; bytes: Uint8Array }
  | { kind: 'lorebook'; book: Lorebook }
  | { kind: 'refused'; error: string };

const looksLikeJson = (bytes: Uint8Array): boolean => {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  return bytes[i] === 0x7b;
};

/** Decides whether `bytes` is a card or a lorebook; a lorebook is parsed (and refused with its reason). */
export function sortFile(bytes: Uint8Array): SortedFile {
  if (!looksLikeJson(bytes)) return { kind: 'card', bytes };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  } catch {
    // The card reader reports where the JSON breaks.
    return { kind: 'card', bytes };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'card', bytes };
  const spec = (json as { spec?: unknown }).spec;
  const lorebook = spec === 'lorebook_v3' || (spec === undefined && 'entries' in json);
  if (!lorebook) return { kind: 'card', bytes };
  const parsed = parseLorebook(json);
  return parsed.ok ? { kind: 'lorebook', book: parsed.book } : { kind: 'refused', error: parsed.error };
}

/** A lorebook added to a persona's: its entries after the ones it has, the book's settings kept. */
export function mergeLorebooks(current: Lorebook | null, added: Lorebook): Lorebook {
  if (!current || current.entries.length === 0) return added;
  return { ...current, entries: [...current.entries, ...added.entries] };
}

/** An error's words for the person importing: a card's reason as the reader gave it. */
export function importErrorText(fileName: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return error instanceof CardError
    ? `${fileName} was not imported: ${reason}.`
    : `${fileName} was not imported: ${reason}`;
}
