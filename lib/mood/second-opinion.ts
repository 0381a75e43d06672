import { z } from 'zod';
import { GOEMOTIONS_LABELS } from './appraiser/labels';
import type { Appraisal } from './types';

/**
 * The engine's optional second opinion on a message. When a model is running, it may read
 * the message too and answer a small JSON object; that reading refines the local
 * appraisal, never replaces it. The local appraiser stays the one that always answers (no
 * engine, a slow engine or a malformed reply leave the appraisal as it was), keeps at least
 * half the say, and the safety path never looks at either (lib/mood/safety.ts). Pure: the
 * caller asks the engine and passes the reply in.
 */

/** What the engine is asked for, as one compact instruction (the message follows it). */
export const SECOND_OPINION_PROMPT = [
  'Read the user message below and answer with one JSON object only, no prose:',
  '{"valence": number from -1 (very unpleasant) to 1 (very pleasant),',
  ' "arousal": number from -1 (very calm) to 1 (very excited or agitated),',
  ' "dominance": number from -1 (feeling powerless) to 1 (feeling in control),',
  ' "emotions": up to 3 of: ' + GOEMOTIONS_LABELS.join(', ') + ',',
  ' "confidence": number from 0 to 1}',
].join('\n');

/** The engine's reading as accepted: every field checked, unknown emotion names refused. */
export const EngineReadingSchema = z.object({
  valence: z.number().min(-1).max(1),
  arousal: z.number().min(-1).max(1),
  dominance: z.number().min(-1).max(1).optional(),
  emotions: z.array(z.enum(GOEMOTIONS_LABELS)).max(3).optional(),
  confidence: z.number().min(0).max(1).optional(),
});
/** One engine reading. */
export type EngineReading = z.infer<typeof EngineReadingSchema>;

/**
 * The most the second opinion may count. Below ½ so the local appraiser, which is measured
 * (README, `npm run eval`), always has the larger say; the engine's is not measured.
 */
export const MAX_SECOND_OPINION_WEIGHT = 0.45;
/** The weight used when none is given, scaled further by the reading's own confidence. */
export const SECOND_OPINION_WEIGHT = 0.3;
/**
 * The engine answers on the full [-1, 1] scale; the appraiser's PAD comes from the emotion
 * table, whose points lie within 0.64 of the origin (pad-table.ts). The engine's reading is
 * scaled to that range so "very unpleasant" lands near the table's strongest negative
 * emotions rather than past them.
 */
export const ENGINE_PAD_SCALE = 0.64;

/** The reply parsed into a reading, or why it was refused. */
export type ParsedReading = { ok: true; reading: EngineReading } | { ok: false; error: string };

/**
 * Parses an engine's reply: the first JSON object in it (models like to wrap it in a code
 * fence or a sentence), checked by EngineReadingSchema. Never throws.
 */
export function parseEngineReading(reply: string): ParsedReading {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, error: 'the reply holds no JSON object' };
  let json: unknown;
  try {
    json = JSON.parse(reply.slice(start, end + 1));
  } catch {
    return { ok: false, error: 'the reply’s JSON object does not parse' };
  }
  const parsed = EngineReadingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `the reading is malformed at ${issue?.path.join('.') || 'the top'}: ${issue?.message}`,
    };
  }
  return { ok: true, reading: parsed.data };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * Blends the engine's reading into the local appraisal with weight w = weight × confidence
 * (at most MAX_SECOND_OPINION_WEIGHT): PAD moves w of the way to the engine's (scaled)
 * point, dominance only when the engine gave one; the emotion distribution mixes in w of a
 * distribution spread evenly over the emotions the engine named; intensity mixes with the
 * engine's (the larger of |valence| and |arousal|). The result is an ordinary Appraisal,
 * so it is logged and replayed like any other.
 */
export function blendSecondOpinion(
  appraisal: Appraisal,
  reading: EngineReading,
  weight = SECOND_OPINION_WEIGHT,
): Appraisal {
  const w = clamp(weight, 0, MAX_SECOND_OPINION_WEIGHT) * (reading.confidence ?? 1);
  if (w === 0) return appraisal;
  const mix = (local: number, engine: number): number =>
    clamp((1 - w) * local + w * ENGINE_PAD_SCALE * engine, -1, 1);
  const pad = {
    p: mix(appraisal.pad.p, reading.valence),
    a: mix(appraisal.pad.a, reading.arousal),
    d: reading.dominance === undefined ? appraisal.pad.d : mix(appraisal.pad.d, reading.dominance),
  };
  const named = [...new Set(reading.emotions ?? [])];
  const probability = new Map<string, number>();
  for (const { label, p } of appraisal.emotions) probability.set(label, (1 - (named.length ? w : 0)) * p);
  for (const label of named) probability.set(label, (probability.get(label) ?? 0) + w / named.length);
  const emotions = [...probability]
    .map(([label, p]) => ({ label, p }))
    .sort((x, y) => y.p - x.p || x.label.localeCompare(y.label));
  const engineIntensity = Math.max(Math.abs(reading.valence), Math.abs(reading.arousal));
  return {
    pad,
    emotions,
    intensity: clamp((1 - w) * appraisal.intensity + w * engineIntensity, 0, 1),
  };
}
