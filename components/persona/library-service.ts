import type { PersonaRecord } from '../../lib/db/records';
import type { CardExportFormat } from '../../lib/persona/cards/export-card';
import type { Feeling } from '../../lib/mood/types';

/*
 * What the persona library works with. lib/companion/options-services.ts builds it over the
 * database and the persona service; the components only render it and call it, and tests
 * build it over fake-indexeddb.
 */

/** Who `{{user}}` is. */
export interface UserPersonaView {
  name: string;
  description: string;
}

/** One emotion image of a persona, as the library shows it. */
export interface EmotionImageView {
  feeling: Feeling;
  /** From the card (CHARX `emotion` asset) or added by the user (then it can be removed). */
  source: 'card' | 'user';
  /** The card's label ("joy") or the feeling's name for the user's own. */
  label: string;
  blob: Blob;
  /** The stored asset's id, for removing an image the user added. */
  assetId?: string;
}

/** A card file read, or why it was not. */
export type CardImportOutcome =
  { kind: 'imported'; persona: PersonaRecord; container: string; notes: string[] } | { kind: 'needs-name' };

/** The options page's persona services. */
export interface PersonaLibraryService {
  list(): Promise<PersonaRecord[]>;
  activeId(): Promise<string>;
  setActive(id: string): Promise<void>;
  create(name: string): Promise<PersonaRecord>;
  duplicate(id: string): Promise<PersonaRecord>;
  /** Validates and saves; throws an Error naming the field that is wrong. */
  update(persona: PersonaRecord): Promise<PersonaRecord>;
  remove(id: string): Promise<void>;
  /** Imports a card file (JSON, PNG/APNG, CHARX); throws with the reason when refused. */
  importCard(bytes: Uint8Array, options?: { name?: string }): Promise<CardImportOutcome>;
  exportCard(id: string, format: CardExportFormat): Promise<Uint8Array>;
  /** The persona's picture, or null for none (the library draws an initial). */
  avatar(id: string): Promise<Blob | null>;
  emotionImages(id: string): Promise<EmotionImageView[]>;
  addEmotionImage(id: string, feeling: Feeling, bytes: Uint8Array, mime: string): Promise<void>;
  removeEmotionImage(assetId: string): Promise<void>;
  userPersona(): Promise<UserPersonaView>;
  saveUserPersona(user: UserPersonaView): Promise<UserPersonaView>;
  /** The texts of the persona's last conversation's most recent turns, oldest first. */
  recentTurns(id: string, count: number): Promise<string[]>;
}
