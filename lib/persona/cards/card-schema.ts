import { z } from 'zod';
import type { CardLimits } from './card-limits';

/*
 * The zod schemas of V1, V2 and V3 card data. Objects are loose: keys the spec does not name
 * pass through untouched (the card keeps them for export). Text fields the spec requires but
 * a card leaves out default to '' and lists to [] (older tools omit some); a field of the
 * wrong type is refused, naming it. Optional lorebook fields may be null, as some editors
 * write them, and stay null.
 */

/** The schemas for one set of limits. */
export function cardSchemas(limits: CardLimits) {
  const text = z.string().max(limits.maxFieldChars, {
    error: `is longer than ${limits.maxFieldChars.toLocaleString('en')} characters`,
  });
  const list = <T extends z.ZodType>(item: T) =>
    z.array(item).max(limits.maxListItems, {
      error: `has more than ${limits.maxListItems.toLocaleString('en')} items`,
    });
  const record = z.record(z.string(), z.unknown());

  const entry = z.looseObject({
    keys: list(text).default([]),
    content: text.default(''),
    extensions: record.default({}),
    enabled: z.boolean().default(true),
    insertion_order: z.number().default(0),
    case_sensitive: z.boolean().nullish(),
    use_regex: z.boolean().nullish(),
    constant: z.boolean().nullish(),
    name: text.nullish(),
    priority: z.number().nullish(),
    id: z.union([z.number(), z.string()]).nullish(),
    comment: text.nullish(),
    selective: z.boolean().nullish(),
    secondary_keys: list(text).nullish(),
    position: z.union([z.string(), z.number()]).nullish(),
  });

  const book = z.looseObject({
    name: text.nullish(),
    description: text.nullish(),
    scan_depth: z.number().nullish(),
    token_budget: z.number().nullish(),
    recursive_scanning: z.boolean().nullish(),
    extensions: record.default({}),
    entries: list(entry),
  });

  const v1 = z.looseObject({
    name: text.default(''),
    description: text.default(''),
    personality: text.default(''),
    scenario: text.default(''),
    first_mes: text.default(''),
    mes_example: text.default(''),
  });

  const v2 = v1.extend({
    creator_notes: text.default(''),
    system_prompt: text.default(''),
    post_history_instructions: text.default(''),
    alternate_greetings: list(text).default([]),
    // Some exporters write `null` for "no lorebook"; that is the same as leaving it out.
    character_book: book.nullish().transform((b) => b ?? undefined),
    tags: list(text).default([]),
    creator: text.default(''),
    character_version: text.default(''),
    extensions: record.default({}),
  });

  // A data: URI may hold a whole image, so an asset's uri is bounded by the card's size only.
  const asset = z.looseObject({
    type: text,
    uri: z.string().max(limits.maxCardJsonBytes),
    name: text,
    ext: text,
  });

  const v3 = v2.extend({
    nickname: text.optional(),
    creator_notes_multilingual: z.record(z.string(), text).optional(),
    source: list(text).optional(),
    group_only_greetings: list(text).default([]),
    creation_date: z.number().optional(),
    modification_date: z.number().optional(),
    assets: list(asset).optional(),
  });

  return { v1, v2, v3 };
}
