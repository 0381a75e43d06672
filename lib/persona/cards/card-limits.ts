/**
 * How much a card file may hold. Cards come from strangers' sites: a zip bomb, a 2 GB
 * "description" or a PNG chunk that claims 4 GB must be refused before they cost memory,
 * with a message that says which limit and where.
 */

/** The limits an import enforces; tests pass smaller ones. */
export interface CardLimits {
  /** The file itself. */
  maxInputBytes: number;
  /** The card's JSON text once decoded (base64, zTXt or a zip entry). */
  maxCardJsonBytes: number;
  /** One text field of the spec (description, a greeting, a lorebook entry's content…). */
  maxFieldChars: number;
  /** Everything inflated from one file (zTXt, iTXt, every CHARX entry) together. */
  maxInflatedBytes: number;
  /** Entries in a CHARX zip. */
  maxZipEntries: number;
  /** Items in one list field (greetings, tags, lorebook entries, assets). */
  maxListItems: number;
  /** How deeply the card's JSON may nest. */
  maxDepth: number;
}

/**
 * Hearth's defaults: far above real cards (the largest seen are CHARX files of a few tens
 * of MB with their images; descriptions run to some thousands of characters) and far below
 * what would freeze the panel.
 */
export const DEFAULT_CARD_LIMITS: CardLimits = {
  maxInputBytes: 64 * 1024 * 1024,
  maxCardJsonBytes: 16 * 1024 * 1024,
  maxFieldChars: 500_000,
  maxInflatedBytes: 128 * 1024 * 1024,
  maxZipEntries: 2_000,
  maxListItems: 10_000,
  maxDepth: 100,
};

/** A card that cannot be imported or exported; the message names the field or limit. */
export class CardError extends Error {
  override readonly name: string = 'CardError';
}

/**
 * A card whose name is empty. Hearth never makes a nameless persona: the library catches
 * this, asks the user for a name, and imports again with {@link CardReadOptions.name}.
 */
export class CardNameMissingError extends CardError {
  override readonly name = 'CardNameMissingError';
  constructor(message = 'the card has no name') {
    super(message);
  }
}

/** What the reader may be told beside the bytes. */
export interface CardReadOptions {
  /** The name to give a card whose own name is empty (the user was asked for it). */
  name?: string;
}

/** Bytes as people read them ("1.5 MB"). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
