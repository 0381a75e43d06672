import { z } from 'zod';

/**
 * How the appraiser's pleasure and arousal combine its sources: the emotion model's reading
 * (the PAD table weighted by the emotion probabilities), the valence lexicon (lexicon.ts) and
 * the exclamation cue. Each source is first put on the model's own scale by the ratio of
 * standard deviations measured on GoEmotions' training split, so the shares below are shares
 * of comparable spreads; then the sum is scaled back to the model's spread, so the mood moves
 * by steps of the same size as before the lexicon came in. Everything fitted here is fitted on
 * GoEmotions (which may ship), never on EmoBank.
 */

/** The coefficients weights.json carries (computed by fitBlend at training time). */
export const PadBlend = z.object({
  p: z.object({ model: z.number(), lexicon: z.number() }),
  a: z.object({ model: z.number(), exclamation: z.number(), lexicon: z.number() }),
});
/** The blend's stored shape. */
export type PadBlend = z.infer<typeof PadBlend>;

/** The sources of one reading, before blending. */
export interface ReadingParts {
  /** The emotion model's pleasure and arousal (cues included), as the appraiser had them alone. */
  p: number;
  a: number;
  /** The lexicon's mean valence (−4…4) and affect density (lexicon.ts). */
  lexValence: number;
  lexAffect: number;
  /** The longest run of '!', capped (see EXCLAMATION_CAP). */
  exclamation: number;
}

/** Runs of more than three '!' say nothing more. */
export const EXCLAMATION_CAP = 3;

/**
 * Each source's share, in units of its spread on GoEmotions' training split.
 *
 * - Pleasure: model and lexicon half and half, the a-priori choice for two sources of equal
 *   standing. Checked on EmoBank's training part (a hyperparameter check, nothing fitted):
 *   lexicon share 0.25 → r(V) 0.561, 0.5 → 0.575, 0.75 → 0.549.
 * - Arousal: model 1, exclamation 2, lexicon affect 1. The exclamation share was CHOSEN ON
 *   EMOBANK'S TRAINING PART among 1 and 2 (r(A) 0.361 vs 0.406; model or lexicon doubled
 *   instead: 0.333, 0.322). Arousal in written text shows in its punctuation far more than
 *   GoEmotions' labels can teach, and this is the one number taken from EmoBank.
 */
export const BLEND_SHARES = {
  p: { model: 0.5, lexicon: 0.5 },
  a: { model: 1, exclamation: 2, lexicon: 1 },
} as const;

function spread(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
}

const ratio = (target: number, source: number): number => (source > 0 ? target / source : 0);
const round = (x: number): number => Number(x.toPrecision(7));

/**
 * The blend's coefficients from the parts of a reference set of readings (the training
 * split): each source scaled to the model's spread and weighted by its share, the sum scaled
 * back to the model's spread.
 */
export function fitBlend(parts: readonly ReadingParts[]): PadBlend {
  const sd = (key: keyof ReadingParts): number => spread(parts.map((x) => x[key]));
  const [sp, sa] = [sd('p'), sd('a')];
  const p = {
    model: BLEND_SHARES.p.model,
    lexicon: BLEND_SHARES.p.lexicon * ratio(sp, sd('lexValence')),
  };
  const a = {
    model: BLEND_SHARES.a.model,
    exclamation: BLEND_SHARES.a.exclamation * ratio(sa, sd('exclamation')),
    lexicon: BLEND_SHARES.a.lexicon * ratio(sa, sd('lexAffect')),
  };
  const gainP = ratio(sp, spread(parts.map((x) => p.model * x.p + p.lexicon * x.lexValence)));
  const gainA = ratio(
    sa,
    spread(parts.map((x) => a.model * x.a + a.exclamation * x.exclamation + a.lexicon * x.lexAffect)),
  );
  return {
    p: { model: round(p.model * gainP), lexicon: round(p.lexicon * gainP) },
    a: {
      model: round(a.model * gainA),
      exclamation: round(a.exclamation * gainA),
      lexicon: round(a.lexicon * gainA),
    },
  };
}

/** Pleasure and arousal of one reading under a blend, each clamped to [-1, 1]. */
export function blendPad(parts: ReadingParts, blend: PadBlend): { p: number; a: number } {
  const clamp = (x: number): number => Math.min(1, Math.max(-1, x));
  return {
    p: clamp(blend.p.model * parts.p + blend.p.lexicon * parts.lexValence),
    a: clamp(
      blend.a.model * parts.a +
        blend.a.exclamation * Math.min(parts.exclamation, EXCLAMATION_CAP) +
        blend.a.lexicon * parts.lexAffect,
    ),
  };
}
