/**
 * Hearth's one shape for a character card, whatever spec (V1, V2 `chara_card_v2`, V3
 * `chara_card_v3`) or container (JSON, PNG/APNG, CHARX) it came in. Field names are the
 * specs' own (snake_case) so nothing is renamed on the way in or out, and every key Hearth
 * does not know is kept verbatim in `extraData`/`extraTop` (and inside the lorebook and
 * `extensions`), so an import followed by an export gives the same card back.
 *
 * Which fields Hearth uses, and how (issue 7 §3; this module only reads and writes cards,
 * the persona work wires them into the prompt and the panel):
 * - `name` is the persona's name and `{{char}}`; `nickname` (V3), when set, replaces it in
 *   `{{char}}`. A card without a name is refused ("the card has no name").
 * - `description`, `personality` and `scenario` make the persona's part of the system prompt.
 * - `system_prompt`, when not empty, replaces Hearth's default system prompt; `{{original}}`
 *   inside it stands for the prompt it replaces.
 * - `post_history_instructions` goes near the end of the prompt every turn (after the
 *   history, the persona's reminder against drift); `{{original}}` stands for Hearth's own.
 * - `first_mes` and `alternate_greetings` open a conversation, one greeting the user can
 *   swipe between; `group_only_greetings` (V3) are kept but not used (Hearth has no groups).
 * - `mes_example` is example dialogue, within its own share of the prompt budget.
 * - `character_book` becomes the persona's lorebook (keys, secondary keys, constant,
 *   insertion order and position, scan depth, token budget, recursion, V3 `use_regex`).
 * - `assets` (V3/CHARX): the `icon` asset is the avatar; `emotion` assets map to moods.
 *   `http(s):` URIs are kept as references and never fetched.
 * - `creator_notes`, `creator_notes_multilingual`, `tags`, `creator`, `character_version`,
 *   `source`, `creation_date`, `modification_date` are shown in the persona library only.
 * - `extensions` and unknown fields are not read; they are kept for export.
 * Every text field is data, rendered as text, never as HTML.
 */

/** The spec a card was read as. */
export type CardSpec = 'chara_card_v1' | 'chara_card_v2' | 'chara_card_v3';

/** One lorebook entry (V2 with V3's additions); unknown keys are kept on the object, null stays null. */
export interface LorebookEntry {
  keys: string[];
  content: string;
  extensions: Record<string, unknown>;
  enabled: boolean;
  insertion_order: number;
  case_sensitive?: boolean | null;
  /** V3: keys are regular expressions. */
  use_regex?: boolean | null;
  constant?: boolean | null;
  name?: string | null;
  priority?: number | null;
  id?: number | string | null;
  comment?: string | null;
  selective?: boolean | null;
  secondary_keys?: string[] | null;
  position?: string | number | null;
  [key: string]: unknown;
}

/** A card's `character_book`; unknown keys are kept on the object. */
export interface CharacterBook {
  name?: string | null;
  description?: string | null;
  scan_depth?: number | null;
  token_budget?: number | null;
  recursive_scanning?: boolean | null;
  extensions: Record<string, unknown>;
  entries: LorebookEntry[];
  [key: string]: unknown;
}

/** A V3 asset: an image or file the card refers to (`embeded://`, `ccdefault:`, `data:`, `http(s):`). */
export interface CardAsset {
  type: string;
  uri: string;
  name: string;
  ext: string;
  [key: string]: unknown;
}

/** Every field the specs define; V3-only fields are absent when the card did not have them. */
export interface CardData {
  name: string;
  description: string;
  personality: string;
  scenario: string;
  first_mes: string;
  mes_example: string;
  creator_notes: string;
  system_prompt: string;
  post_history_instructions: string;
  alternate_greetings: string[];
  character_book?: CharacterBook;
  tags: string[];
  creator: string;
  character_version: string;
  extensions: Record<string, unknown>;
  nickname?: string;
  creator_notes_multilingual?: Record<string, string>;
  source?: string[];
  group_only_greetings: string[];
  creation_date?: number;
  modification_date?: number;
  assets?: CardAsset[];
}

/** A character card in Hearth's one shape, with what it needs to be written back out. */
export interface CharacterCard {
  /** The spec the card was read as. */
  spec: CardSpec;
  /** `spec_version` as the card wrote it ('2.0', '3.0', sometimes a number); '1.0' for V1. */
  specVersion: string | number;
  data: CardData;
  /** Keys of `data` (V1: of the card) that its spec does not name, verbatim. */
  extraData: Record<string, unknown>;
  /** Keys beside `spec`, `spec_version` and `data` (SillyTavern mirrors V1 fields there), verbatim. */
  extraTop: Record<string, unknown>;
  /** Files of a CHARX other than card.json, by path in the zip ("assets/icon/image/main.png"). */
  files: Record<string, Uint8Array>;
  /** The PNG the card came in, kept so a PNG export keeps the picture. */
  image?: Uint8Array;
}

/** The V2 data keys, in the spec's order (also the order export writes them). */
export const V2_KEYS = [
  'name',
  'description',
  'personality',
  'scenario',
  'first_mes',
  'mes_example',
  'creator_notes',
  'system_prompt',
  'post_history_instructions',
  'alternate_greetings',
  'character_book',
  'tags',
  'creator',
  'character_version',
  'extensions',
] as const;

/** The keys V3 adds to V2's. */
export const V3_ONLY_KEYS = [
  'nickname',
  'creator_notes_multilingual',
  'source',
  'group_only_greetings',
  'creation_date',
  'modification_date',
  'assets',
] as const;

/** The V1 card's keys (a flat object). */
export const V1_KEYS = [
  'name',
  'description',
  'personality',
  'scenario',
  'first_mes',
  'mes_example',
] as const;
