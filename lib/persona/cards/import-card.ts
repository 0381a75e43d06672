import type { CharacterCard } from './card';
import { parseCardText } from './card-json';
import {
  CardError,
  CardNameMissingError,
  DEFAULT_CARD_LIMITS,
  formatBytes,
  type CardLimits,
  type CardReadOptions,
} from './card-limits';
import { base64ToText, utf8 } from './base64-text';
import { readCharx } from './charx';
import { findCardText, isPng, readPngChunks } from './png-card';
import { findEndOfCentralDirectory } from './zip-reader';

/** The container a card file came in. */
export type CardContainer = 'json' | 'png' | 'charx';

/** A card read from a file, and what it came in. */
export interface ImportedCard {
  card: CharacterCard;
  container: CardContainer;
}

const startsWithJson = (bytes: Uint8Array): boolean => {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  return bytes[i] === 0x7b; // '{'
};

/**
 * Reads a card file of any supported kind: JSON (V1, V2, V3), PNG/APNG with a `ccv3` or
 * `chara` chunk, or CHARX (a zip, possibly after a JPEG or other prefix). It returns the
 * whole card or throws a CardError that says why: nothing is ever half imported, and no
 * `http(s):` URI in the card is fetched (assets stay references).
 */
export function importCard(
  bytes: Uint8Array,
  limits: CardLimits = DEFAULT_CARD_LIMITS,
  options: CardReadOptions = {},
): ImportedCard {
  if (bytes.length === 0) throw new CardError('the file is empty');
  if (bytes.length > limits.maxInputBytes) {
    throw new CardError(
      `the file is ${formatBytes(bytes.length)}; Hearth imports cards up to ${formatBytes(limits.maxInputBytes)}`,
    );
  }
  const budget = { remaining: limits.maxInflatedBytes };
  if (isPng(bytes)) {
    const chunks = readPngChunks(bytes);
    const found = findCardText(chunks, limits, budget);
    if (!found) {
      // A PNG with a CHARX appended (some tools do this) is still a card.
      if (findEndOfCentralDirectory(bytes) >= 0)
        return { card: readCharx(bytes, limits, budget, options), container: 'charx' };
      throw new CardError('the PNG holds no character card (no chara or ccv3 text chunk)');
    }
    const what = `the PNG's ${found.keyword} chunk`;
    // The specs say base64; a few old tools wrote the JSON itself.
    const text = found.text.trimStart().startsWith('{')
      ? found.text
      : base64ToText(found.text, limits.maxCardJsonBytes, what);
    let card: CharacterCard;
    try {
      card = parseCardText(text, limits, options);
    } catch (error) {
      if (error instanceof CardNameMissingError)
        throw new CardNameMissingError(`${error.message} (in ${what})`);
      if (error instanceof CardError) throw new CardError(`${error.message} (in ${what})`);
      throw error;
    }
    card.image = bytes;
    return { card, container: 'png' };
  }
  if (startsWithJson(bytes)) {
    if (bytes.length > limits.maxCardJsonBytes) {
      throw new CardError(`the card's JSON is larger than ${formatBytes(limits.maxCardJsonBytes)}`);
    }
    return { card: parseCardText(utf8(bytes, 'the card file'), limits, options), container: 'json' };
  }
  if (findEndOfCentralDirectory(bytes) >= 0)
    return { card: readCharx(bytes, limits, budget, options), container: 'charx' };
  throw new CardError('not a character card file: expected JSON, PNG or CHARX');
}
