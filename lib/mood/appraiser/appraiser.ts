import type { Appraisal, Pad } from '../types';
import { extractFeatures, type Cues } from './features';
import { GOEMOTIONS_LABELS, GROUP_OF, type EmotionLabel } from './labels';
import { unpackWeights, type LinearModel } from './model';
import { EMOTION_PAD } from './pad-table';

/** Reads a message: PAD, GoEmotions probabilities and intensity. Pure and synchronous. */
export interface Appraiser {
  appraise(text: string): Appraisal;
}

/** How much the surface cues amplify a reading (VADER's amplifiers, Hutto and Gilbert 2014). */
const EMPHASIS = {
  /** Per intensifier, at most two counted ("very", "so", "extremely"). */
  intensifier: 0.2,
  /** A diminisher ("a bit", "slightly") damps once. */
  diminisher: -0.2,
  /** Words in capitals. */
  shouting: 0.15,
  /** '!!' or longer. */
  exclamations: 0.15,
};
/**
 * Arousal is the activation axis; exclamation and question runs and capitals are cues to it
 * whatever the feeling, so they add to arousal directly rather than only scaling the mix.
 */
const AROUSAL_CUES = { exclamation: 0.05, exclamations: 0.15, questions: 0.1, shouting: 0.1 };

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function emphasisOf(cues: Cues): number {
  return (
    1 +
    EMPHASIS.intensifier * Math.min(cues.intensifiers, 2) +
    EMPHASIS.diminisher * Math.min(cues.diminishers, 1) +
    (cues.shouted > 0 ? EMPHASIS.shouting : 0) +
    (cues.exclamationRun >= 2 ? EMPHASIS.exclamations : 0)
  );
}

function arousalCue(cues: Cues): number {
  return (
    (cues.exclamationRun >= 2
      ? AROUSAL_CUES.exclamations
      : cues.exclamationRun === 1
        ? AROUSAL_CUES.exclamation
        : 0) +
    (cues.questionRun >= 2 ? AROUSAL_CUES.questions : 0) +
    (cues.shouted > 0 ? AROUSAL_CUES.shouting : 0)
  );
}

/**
 * An explicit sarcasm marker ("/s", 🙄, "yeah right") says the literal positive reading is not
 * meant: sarcasm is positive wording over a negative situation (Riloff et al. 2013). The
 * positive labels' probability moves to annoyance, the OCC anger type's mild token.
 */
function readSarcasm(probs: Float64Array, labels: readonly string[]): void {
  const annoyance = labels.indexOf('annoyance');
  if (annoyance < 0) return;
  labels.forEach((label, i) => {
    if (GROUP_OF[label as EmotionLabel] === 'positive') {
      probs[annoyance] = probs[annoyance]! + probs[i]!;
      probs[i] = 0;
    }
  });
}

/**
 * The appraiser over a loaded model. PAD is the probability-weighted PAD of the message's
 * emotions (neutral weighs nothing), i.e. the emotions' mix scaled by the non-neutral share,
 * amplified by the surface cues (intensifiers, capitals, '!!'); arousal also takes the
 * punctuation cues directly.
 */
export function createAppraiserFromModel(model: LinearModel): Appraiser {
  const labels = model.labels;
  const neutral = labels.indexOf('neutral');
  const pads = labels.map((label) => EMOTION_PAD[label as EmotionLabel]);
  if (neutral < 0 || pads.some((pad) => !pad)) {
    throw new Error(`Appraiser weights must use GoEmotions' labels: ${GOEMOTIONS_LABELS.join(', ')}`);
  }
  return {
    appraise(text) {
      const features = extractFeatures(text, model.bits);
      const probs = model.probabilitiesOf(features);
      const { cues } = features;
      if (cues.sarcasm > 0) readSarcasm(probs, labels);
      const emotional = 1 - probs[neutral]!;
      const mix: Pad = { p: 0, a: 0, d: 0 };
      if (emotional > 1e-9) {
        probs.forEach((p, i) => {
          const pad = pads[i]!;
          mix.p += (p * pad.p) / emotional;
          mix.a += (p * pad.a) / emotional;
          mix.d += (p * pad.d) / emotional;
        });
      }
      // The table's points are at most 0.64 from the origin, so emphasis may carry a message
      // past its emotion's table point ("very angry" beyond "angry"); intensity itself caps at 1.
      const strength = emotional * emphasisOf(cues);
      const intensity = clamp(strength, 0, 1);
      const pad: Pad = {
        p: clamp(mix.p * strength, -1, 1),
        a: clamp(mix.a * strength + arousalCue(cues), -1, 1),
        d: clamp(mix.d * strength, -1, 1),
      };
      const emotions = labels
        .map((label, i) => ({ label, p: probs[i]! }))
        .sort((x, y) => y.p - x.p || x.label.localeCompare(y.label));
      return { pad, emotions, intensity };
    },
  };
}

/** The appraiser from a weights file's contents (parsed JSON); throws on a malformed file. */
export function createAppraiser(weights: unknown): Appraiser {
  return createAppraiserFromModel(unpackWeights(weights));
}

let loading: Promise<Appraiser> | undefined;

/** Reads the weights file's parsed contents; where it comes from depends on the context. */
export type WeightsSource = () => Promise<unknown>;

/**
 * The shipped appraiser, loaded on first use, so no context pays for the weights at
 * startup. Where the weights come from is the caller's: a Chrome service worker may not use
 * `import()` (the HTML spec forbids it there), so the background fetches the weights file;
 * Node (tests, `npm run eval`) imports it (weights-module.ts).
 */
export function loadAppraiser(source: WeightsSource): Promise<Appraiser> {
  loading ??= source().then(
    (weights) => createAppraiser(weights),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
