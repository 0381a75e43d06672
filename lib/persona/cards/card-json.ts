import type { z } from 'zod';
import { locateJsonError } from '../../backup/json-error';
import { V1_KEYS, V2_KEYS, V3_ONLY_KEYS, type CardData, type CharacterCard } from './card';
import {
  CardError,
  CardNameMissingError,
  DEFAULT_CARD_LIMITS,
  formatBytes,
  type CardLimits,
  type CardReadOptions,
} from './card-limits';
import { cardSchemas } from './card-schema';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A zod path as people read it: `data.alternate_greetings[2]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(the card)';
}

function describe(error: z.ZodError, prefix: readonly PropertyKey[]): string {
  const [first] = error.issues;
  if (!first) return 'the card is malformed';
  return `${formatPath([...prefix, ...first.path])}: ${first.message}`;
}

/** Refuses JSON nested deeper than `max` (walked with a stack: a deep file cannot overflow it). */
function checkDepth(value: unknown, max: number): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) throw new CardError(`the card's JSON nests deeper than ${max} levels`);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
}

/** Parses a card's JSON text; a syntax error is reported with its line and column. */
export function parseCardText(
  text: string,
  limits: CardLimits = DEFAULT_CARD_LIMITS,
  options: CardReadOptions = {},
): CharacterCard {
  if (text.length > limits.maxCardJsonBytes) {
    throw new CardError(`the card's JSON is larger than ${formatBytes(limits.maxCardJsonBytes)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const at = locateJsonError(text.replace(/^\uFEFF/, ''));
    throw new CardError(
      at
        ? `the card is not valid JSON: line ${at.line}, column ${at.column}: expected ${at.expected}, found ${at.found}`
        : 'the card is not valid JSON',
    );
  }
  return cardFromJson(value, limits, options);
}

/** The number in a `spec_version` ("3.0", 3, "3.00" are all 3), or NaN. */
function versionNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return NaN;
}

/** Splits `object` into the keys in `known` and the rest (kept verbatim). */
function split(object: Json, known: readonly string[]): [Json, Json] {
  const inside: Json = {};
  const rest: Json = {};
  for (const [k, v] of Object.entries(object)) (known.includes(k) ? inside : rest)[k] = v;
  return [inside, rest];
}

const V1_DEFAULTS = {
  creator_notes: '',
  system_prompt: '',
  post_history_instructions: '',
  alternate_greetings: [],
  tags: [],
  creator: '',
  character_version: '',
  extensions: {},
};

/**
 * A parsed JSON value as a card: the spec is read from `spec` (no `spec` is V1), V3's
 * `spec_version` is compared as a number (3 ≤ v < 4). Throws a CardError naming the field.
 */
export function cardFromJson(
  value: unknown,
  limits: CardLimits = DEFAULT_CARD_LIMITS,
  options: CardReadOptions = {},
): CharacterCard {
  if (!isObject(value)) throw new CardError('the card is not a JSON object');
  checkDepth(value, limits.maxDepth);
  const schemas = cardSchemas(limits);
  let card: CharacterCard;
  const spec = value.spec;
  if (spec === undefined) {
    const [known, rest] = split(value, V1_KEYS);
    if (!V1_KEYS.some((k) => k in known)) {
      throw new CardError(
        'not a character card: it has no `spec` and none of the V1 fields (name, description…)',
      );
    }
    const parsed = schemas.v1.safeParse(known);
    if (!parsed.success) throw new CardError(describe(parsed.error, []));
    const data = { ...V1_DEFAULTS, ...parsed.data, group_only_greetings: [] } as CardData;
    card = { spec: 'chara_card_v1', specVersion: '1.0', data, extraData: {}, extraTop: rest, files: {} };
  } else if (spec === 'chara_card_v2' || spec === 'chara_card_v3') {
    const v3 = spec === 'chara_card_v3';
    const version = value.spec_version ?? (v3 ? undefined : '2.0');
    const n = versionNumber(version);
    const [low, high] = v3 ? [3, 4] : [2, 3];
    if (!(n >= low && n < high)) {
      throw new CardError(
        `spec_version: ${JSON.stringify(version)} is not a version Hearth reads for ${spec} (expected ${low}.x)`,
      );
    }
    if (!isObject(value.data)) throw new CardError('data: expected an object with the card’s fields');
    const { spec: _s, spec_version: _v, data: rawData, ...extraTop } = value;
    const knownKeys: readonly string[] = v3 ? [...V2_KEYS, ...V3_ONLY_KEYS] : V2_KEYS;
    const [known, extraData] = split(rawData as Json, knownKeys);
    const parsed = (v3 ? schemas.v3 : schemas.v2).safeParse(known);
    if (!parsed.success) throw new CardError(describe(parsed.error, ['data']));
    const data = { group_only_greetings: [], ...parsed.data } as CardData;
    card = { spec, specVersion: version as string | number, data, extraData, extraTop, files: {} };
  } else {
    throw new CardError(
      `spec: ${JSON.stringify(spec)} is not a card spec Hearth reads (chara_card_v2, chara_card_v3, or a V1 card without spec)`,
    );
  }
  if (card.data.name.trim() === '') {
    const given = options.name?.trim();
    if (!given) throw new CardNameMissingError();
    card.data.name = given;
  }
  return card;
}

/** The card as V2 JSON (`chara_card_v2`); V3-only fields are left out (V2 has no place for them). */
export function cardToV2(card: CharacterCard): Json {
  const data: Json = { ...card.extraData };
  for (const key of V2_KEYS) if (card.data[key] !== undefined) data[key] = card.data[key];
  const specVersion = card.spec === 'chara_card_v2' ? card.specVersion : '2.0';
  return { ...card.extraTop, spec: 'chara_card_v2', spec_version: specVersion, data };
}

/** The card as V3 JSON (`chara_card_v3`), every field it has. */
export function cardToV3(card: CharacterCard): Json {
  const data: Json = { ...card.extraData };
  for (const key of [...V2_KEYS, ...V3_ONLY_KEYS])
    if (card.data[key] !== undefined) data[key] = card.data[key];
  const specVersion = card.spec === 'chara_card_v3' ? card.specVersion : '3.0';
  return { ...card.extraTop, spec: 'chara_card_v3', spec_version: specVersion, data };
}
