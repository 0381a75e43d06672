import { z } from 'zod';
import { describeZodError } from '../../messaging/result';

/*
 * The lorebook as Character Card V2 (`character_book`) and V3 define it, and as a standalone
 * lorebook file carries it (bare, or wrapped as `{ spec: 'lorebook_v3', data }`).
 *
 * The schema checks types and refuses malformed input naming the field; it does not fill in
 * defaults, so what was read can be written back as it was (normalize.ts applies defaults for
 * activation). Objects are loose: unknown fields and `extensions` survive a parse. Optional
 * fields also accept `null`, which cards exported by some tools carry for "not set".
 */

/** Caps that keep a hostile book from making activation slow or the prompt huge. */
export const LOREBOOK_LIMITS = {
  entries: 5_000,
  keysPerEntry: 500,
  keyLength: 1_000,
  contentLength: 200_000,
} as const;

const key = z.string().max(LOREBOOK_LIMITS.keyLength);
const keyList = z.array(key).max(LOREBOOK_LIMITS.keysPerEntry);
const finite = z.number().finite();

/** One lorebook entry (V2 fields, V3's `use_regex`, anything else kept). */
export const LorebookEntrySchema = z.looseObject({
  keys: keyList,
  content: z.string().max(LOREBOOK_LIMITS.contentLength),
  extensions: z.record(z.string(), z.unknown()).nullish(),
  // Required by the spec, but cards in the wild omit it: absent means enabled.
  enabled: z.boolean().nullish(),
  insertion_order: finite.nullish(),
  case_sensitive: z.boolean().nullish(),
  use_regex: z.boolean().nullish(),
  constant: z.boolean().nullish(),
  name: z.string().nullish(),
  priority: finite.nullish(),
  id: z.union([finite, z.string()]).nullish(),
  comment: z.string().nullish(),
  selective: z.boolean().nullish(),
  secondary_keys: keyList.nullish(),
  position: z.enum(['before_char', 'after_char']).nullish(),
});
/** One lorebook entry as read (defaults not applied). */
export type LorebookEntry = z.infer<typeof LorebookEntrySchema>;

/** A lorebook: the book's settings and its entries. */
export const LorebookSchema = z.looseObject({
  name: z.string().nullish(),
  description: z.string().nullish(),
  scan_depth: finite.min(0).nullish(),
  token_budget: finite.min(0).nullish(),
  recursive_scanning: z.boolean().nullish(),
  extensions: z.record(z.string(), z.unknown()).nullish(),
  entries: z.array(LorebookEntrySchema).max(LOREBOOK_LIMITS.entries),
});
/** A lorebook as read (defaults not applied). */
export type Lorebook = z.infer<typeof LorebookSchema>;

/** A standalone lorebook file in the V3 wrapper. */
const LorebookV3FileSchema = z.looseObject({ spec: z.literal('lorebook_v3'), data: LorebookSchema });

/** The result of reading a lorebook: the book, or why it was refused (naming the field). */
export type LorebookParse = { ok: true; book: Lorebook } | { ok: false; error: string };

/**
 * Reads a lorebook from parsed JSON: a bare book (as in `character_book`) or a standalone
 * `lorebook_v3` file. Nothing is partly accepted: one bad field refuses the whole book.
 */
export function parseLorebook(input: unknown): LorebookParse {
  const wrapped = typeof input === 'object' && input !== null && 'spec' in input;
  if (wrapped) {
    const spec = (input as { spec: unknown }).spec;
    if (spec !== 'lorebook_v3') {
      return {
        ok: false,
        error: `Lorebook refused: spec: expected "lorebook_v3", got ${describeValue(spec)}`,
      };
    }
    const parsed = LorebookV3FileSchema.safeParse(input);
    return parsed.success
      ? { ok: true, book: parsed.data.data }
      : { ok: false, error: `Lorebook refused: ${describeZodError(parsed.error)}` };
  }
  const parsed = LorebookSchema.safeParse(input);
  return parsed.success
    ? { ok: true, book: parsed.data }
    : { ok: false, error: `Lorebook refused: ${describeZodError(parsed.error)}` };
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
