import type { PersonaRecord } from '../db/records';

/** Longest appearance put in an image prompt. */
const MAX_APPEARANCE_CHARS = 400;

/**
 * The persona's appearance for image prompts. PersonaRecord gains an `appearance` field in
 * the personas work (issue 7); until it is merged this reads it if present and otherwise
 * gives nothing (never the description, which is personality, not looks). Once merged,
 * read `persona.appearance` directly here.
 */
export function personaAppearance(persona: PersonaRecord): string {
  const appearance = (persona as PersonaRecord & { appearance?: unknown }).appearance;
  return typeof appearance === 'string' ? appearance.trim().slice(0, MAX_APPEARANCE_CHARS) : '';
}
