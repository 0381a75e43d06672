import { z } from 'zod';
import { LorebookSchema } from './lorebook/schema';

/*
 * The parts of a persona record that are more than text: its temperament, its lorebook,
 * the card it was imported from, and the user persona. PersonaRecord (lib/db/records.ts)
 * is built from these. Every field has a default, so a persona stored by an older Hearth
 * (or in an older backup) reads as a whole persona.
 */

/** The longest text field: the card importer's own limit (lib/persona/cards/card-limits.ts). */
export const PERSONA_TEXT_MAX = 500_000;
/** The most alternate greetings a persona keeps. */
export const MAX_GREETINGS = 1_000;

const axis = z.number().min(-1).max(1);

/** A persona's temperament: the mood it returns to and how fast (lib/mood/temperament.ts). */
export const PersonaTemperament = z.object({
  baseline: z.object({ p: axis, a: axis, d: axis }),
  halfLifeHours: z
    .number()
    .min(0.05)
    .max(24 * 365),
});
export type PersonaTemperament = z.infer<typeof PersonaTemperament>;

/**
 * The card a persona was imported from, as read (lib/persona/cards/card.ts) minus its
 * binary parts (the PNG and the CHARX files live in the personaAssets store). Kept so an
 * export writes back every field and extension Hearth does not use; `data` is the card's
 * own object and is not checked here beyond being an object (the importer checked it).
 */
export const StoredCard = z.looseObject({
  spec: z.enum(['chara_card_v1', 'chara_card_v2', 'chara_card_v3']),
  specVersion: z.union([z.string().max(32), z.number()]),
  data: z.record(z.string(), z.unknown()),
  extraData: z.record(z.string(), z.unknown()),
  extraTop: z.record(z.string(), z.unknown()),
});
export type StoredCard = z.infer<typeof StoredCard>;

/** A persona's lorebook (a card's `character_book` or a standalone lorebook), as read. */
export const PersonaLorebook = LorebookSchema;
