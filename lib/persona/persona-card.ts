import { PersonaRecord, type PersonaAssetRecord } from '../db/records';
import { describeZodError } from '../messaging/result';
import type { CardData, CharacterBook, CharacterCard } from './cards/card';
import { parseLorebook } from './lorebook/schema';
import type { StoredCard } from './persona-fields';

/*
 * A character card as a persona, and a persona as a card. Pure: the service stores what
 * comes out. The persona holds the fields Hearth uses (under Hearth's names); `card` keeps
 * the card as it came, minus its lorebook (the persona's `lorebook` is that) and its binary
 * parts (assets), so an export overlays the persona's fields on the card it came from and
 * every field and extension Hearth does not use goes back out unchanged.
 */

/** A card's PNG and CHARX files as persona assets, before ids and owners are given. */
export type CardAsset = Pick<PersonaAssetRecord, 'kind' | 'label' | 'mime' | 'bytes'>;

/** The label of the PNG a card came in, among its persona's assets. */
export const CARD_IMAGE_LABEL = 'card.png';

const MIME: Record<string, string> = {
  png: 'image/png',
  apng: 'image/apng',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  json: 'application/json',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
};

/** The MIME type for a file name, by its extension (octet-stream when unknown). */
export function mimeOf(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

/** A card that cannot become a persona: the message says why (and names the field). */
export class PersonaCardError extends Error {
  override readonly name = 'PersonaCardError';
}

/**
 * The persona a card makes. A card without a name is refused unless `name` is given (the
 * user was asked for one); a lorebook that does not read is refused with its field, never
 * dropped in silence.
 */
export function personaFromCard(
  card: CharacterCard,
  options: { id: string; now: number; name?: string },
): { persona: PersonaRecord; assets: CardAsset[] } {
  const d = card.data;
  const name = (d.name ?? '').trim() || (options.name ?? '').trim();
  if (!name) throw new PersonaCardError('The card has no name: give the persona a name to import it.');
  let lorebook = null;
  if (d.character_book) {
    const parsed = parseLorebook(d.character_book);
    if (!parsed.ok) throw new PersonaCardError(`character_book: ${parsed.error}`);
    lorebook = parsed.book;
  }
  const { character_book: _book, ...data } = d;
  const stored: StoredCard = {
    spec: card.spec,
    specVersion: card.specVersion,
    data: structuredClone(data) as Record<string, unknown>,
    extraData: structuredClone(card.extraData),
    extraTop: structuredClone(card.extraTop),
  };
  const parsed = PersonaRecord.safeParse({
    id: options.id,
    name,
    nickname: d.nickname ?? '',
    description: d.description,
    personality: d.personality,
    scenario: d.scenario,
    greeting: d.first_mes,
    alternateGreetings: d.alternate_greetings,
    exampleDialogue: d.mes_example,
    systemPrompt: d.system_prompt,
    postHistoryInstructions: d.post_history_instructions,
    lorebook,
    card: stored,
    createdAt: options.now,
    updatedAt: options.now,
  });
  if (!parsed.success)
    throw new PersonaCardError(`The card was not imported: ${describeZodError(parsed.error)}`);
  const assets: CardAsset[] = [];
  if (card.image)
    assets.push({ kind: 'card-image', label: CARD_IMAGE_LABEL, mime: 'image/png', bytes: card.image });
  for (const [path, bytes] of Object.entries(card.files))
    assets.push({ kind: 'card-file', label: path, mime: mimeOf(path), bytes });
  return { persona: parsed.data, assets };
}

/** The V3 fields of a persona made in Hearth, with the specs' empty values for the rest. */
function freshData(): CardData {
  return {
    name: '',
    description: '',
    personality: '',
    scenario: '',
    first_mes: '',
    mes_example: '',
    creator_notes: '',
    system_prompt: '',
    post_history_instructions: '',
    alternate_greetings: [],
    tags: [],
    creator: '',
    character_version: '',
    extensions: {},
    group_only_greetings: [],
  };
}

/**
 * The card of a persona: the card it came from (or a fresh V3 card) with the persona's
 * fields over it, its lorebook as `character_book`, and its card files and PNG back in place.
 */
export function cardFromPersona(
  persona: PersonaRecord,
  assets: readonly Pick<PersonaAssetRecord, 'kind' | 'label' | 'bytes'>[] = [],
): CharacterCard {
  const base = persona.card;
  const data = { ...freshData(), ...(structuredClone(base?.data ?? {}) as Partial<CardData>) } as CardData;
  data.name = persona.name;
  // V3 has a nickname; a card that never had one gets none unless the persona has one now.
  if (persona.nickname || data.nickname !== undefined) data.nickname = persona.nickname;
  data.description = persona.description;
  data.personality = persona.personality;
  data.scenario = persona.scenario;
  data.first_mes = persona.greeting;
  data.alternate_greetings = [...persona.alternateGreetings];
  data.mes_example = persona.exampleDialogue;
  data.system_prompt = persona.systemPrompt;
  data.post_history_instructions = persona.postHistoryInstructions;
  if (persona.lorebook) data.character_book = structuredClone(persona.lorebook) as CharacterBook;
  else delete data.character_book;
  const files: Record<string, Uint8Array> = {};
  let image: Uint8Array | undefined;
  for (const asset of assets) {
    if (asset.kind === 'card-file') files[asset.label] = asset.bytes;
    if (asset.kind === 'card-image') image = asset.bytes;
  }
  return {
    spec: base?.spec ?? 'chara_card_v3',
    specVersion: base?.specVersion ?? '3.0',
    data,
    extraData: structuredClone(base?.extraData ?? {}),
    extraTop: structuredClone(base?.extraTop ?? {}),
    files,
    ...(image ? { image } : {}),
  };
}
