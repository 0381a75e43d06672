import type { Appraisal, Pad } from '../types';
import { blendPad, EXCLAMATION_CAP, type PadBlend, type ReadingParts } from './blend';
import { extractFeatures, type Cues } from './features';
import { GOEMOTIONS_LABELS, GROUP_OF, type EmotionLabel } from './labels';
import { readLexicon, unpackLexicon, type ValenceLexicon } from './lexicon';
import { AppraiserWeights, unpackWeights, type LinearModel } from './model';
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

/** What the appraiser reads beside the model: a valence lexicon and how to blend it in. */
export interface AppraiserExtras {
  lexicon?: ValenceLexicon;
  /** Ignored without a lexicon. */
  blend?: PadBlend;
}

/** One message's full reading: the appraisal as the model alone gives it, and the blend's parts. */
interface Reading extends Appraisal {
  parts: ReadingParts;
}

/**
 * The reader behind the appraiser. The model's PAD is the probability-weighted PAD of the
 * message's emotions (neutral weighs nothing), i.e. the emotions' mix scaled by the
 * non-neutral share, amplified by the surface cues (intensifiers, capitals, '!!'); arousal
 * also takes the punctuation cues directly. The lexicon's reading rides along as parts.
 */
function createReader(model: LinearModel, lexicon: ValenceLexicon | undefined): (text: string) => Reading {
  const labels = model.labels;
  const neutral = labels.indexOf('neutral');
  const pads = labels.map((label) => EMOTION_PAD[label as EmotionLabel]);
  if (neutral < 0 || pads.some((pad) => !pad)) {
    throw new Error(`Appraiser weights must use GoEmotions' labels: ${GOEMOTIONS_LABELS.join(', ')}`);
  }
  return (text) => {
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
    const lexical = lexicon ? readLexicon(text, lexicon) : { valence: 0, affect: 0 };
    const parts: ReadingParts = {
      p: pad.p,
      a: pad.a,
      // Under an explicit sarcasm marker the literal praise is not meant (readSarcasm): the
      // lexicon's positive reading is dropped as the model's positive labels are.
      lexValence: cues.sarcasm > 0 ? Math.min(lexical.valence, 0) : lexical.valence,
      lexAffect: lexical.affect,
      exclamation: Math.min(cues.exclamationRun, EXCLAMATION_CAP),
    };
    return { pad, emotions, intensity, parts };
  };
}

/**
 * The parts of each reading before blending, for training to fit the blend on (blend.ts).
 * Not for the product: the appraiser blends them.
 */
export function readingParts(model: LinearModel, lexicon: ValenceLexicon): (text: string) => ReadingParts {
  const read = createReader(model, lexicon);
  return (text) => read(text).parts;
}

/**
 * The appraiser over a loaded model. With a lexicon and a blend, pleasure and arousal blend
 * the model's reading with the lexicon's and the exclamation cue (blend.ts); dominance,
 * intensity and the emotions are the model's alone.
 */
export function createAppraiserFromModel(model: LinearModel, extras: AppraiserExtras = {}): Appraiser {
  const read = createReader(model, extras.lexicon);
  const blend = extras.lexicon ? extras.blend : undefined;
  return {
    appraise(text) {
      const { pad, emotions, intensity, parts } = read(text);
      return { pad: blend ? { ...pad, ...blendPad(parts, blend) } : pad, emotions, intensity };
    },
  };
}

/** The appraiser from a weights file's contents (parsed JSON); throws on a malformed file. */
export function createAppraiser(weights: unknown): Appraiser {
  const model = unpackWeights(weights);
  // unpackWeights has validated the file, so this parse only narrows its type.
  const { lexicon, blend } = AppraiserWeights.parse(weights);
  return createAppraiserFromModel(model, {
    ...(lexicon ? { lexicon: unpackLexicon(lexicon) } : {}),
    ...(blend ? { blend } : {}),
  });
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
