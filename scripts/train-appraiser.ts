/**
 * `npm run train:appraiser`: learns the mood appraiser from GoEmotions' training split and
 * writes lib/mood/appraiser/weights.json. Deterministic: the same data gives the same file.
 *
 *   npm run train:appraiser [-- --data ../shared/eval/goemotions/original/train.tsv --out …]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { format, resolveConfig } from 'prettier';
import { createAppraiserFromModel, readingParts } from '../lib/mood/appraiser/appraiser';
import { fitBlend } from '../lib/mood/appraiser/blend';
import { fitOffsets, macroF1, pickClass, type ClassOffsets } from '../lib/mood/appraiser/decision';
import { TAXONOMY_OF, type HeadName } from '../lib/mood/appraiser/heads';
import { GOEMOTIONS_LABELS, type EmotionLabel } from '../lib/mood/appraiser/labels';
import { packLexicon, parseVaderLexicon, unpackLexicon } from '../lib/mood/appraiser/lexicon';
import { packWeights, unpackWeights } from '../lib/mood/appraiser/model';
import {
  DEFAULT_TRAIN_OPTIONS,
  outOfFold,
  trainWithHeads,
  type TrainingExample,
} from '../lib/mood/appraiser/train';
import { parseEmotionRows } from './eval/emotion';

/**
 * Buckets kept in the shipped file. Each row holds 28 label weights and 11 head weights (4
 * groups, 7 Ekman classes). Measured on GoEmotions' dev split (group / Ekman macro-F1, 4-bit
 * weights): 20,000 rows 65.0 / 59.3, 30,000 65.3 / 58.9, 40,000 65.0 / 58.0; more rows buy
 * nothing once the heads are in, so the file stays small.
 */
export const KEEP_ROWS = 20_000;
/**
 * Weights are rounded to ±LEVELS steps of their column's scale (15 values, stored as 4-bit
 * nibbles). On the same dev split, at
 * 20,000 rows: 127 levels 64.7 / 59.3 at 765 kB gzip, 15 levels 64.9 / 59.5 at 470 kB,
 * 7 levels 65.0 / 59.3 at 335 kB: coarse weights cost nothing measurable.
 */
export const LEVELS = 7;
/** Taxonomy heads shipped beside the 28 labels (heads.ts). */
export const HEADS: HeadName[] = ['group', 'ekman'];

/** VADER's lexicon as the `vader-sentiment` package ships it (a dev dependency: training copies it). */
export const VADER_LEXICON = 'node_modules/vader-sentiment/vader_lexicon.txt';
/** The attribution the copied lexicon carries in weights.json. */
export const VADER_SOURCE =
  'VADER sentiment lexicon (C.J. Hutto and E. Gilbert, ICWSM 2014), MIT licence, Copyright (c) 2016 C.J. Hutto; as packaged by vader-sentiment 1.1.3 (Apache-2.0, Copyright 2018 Comcast Cable Communications Management, LLC)';

/** Each label's share of the examples, a multi-label row counting 1/n for each of its n. */
export function labelPrior(examples: readonly TrainingExample[], labelCount: number): number[] {
  const prior = new Array<number>(labelCount).fill(0);
  for (const e of examples) for (const id of e.labels) prior[id]! += 1 / e.labels.length;
  return prior.map((x) => x / Math.max(1, examples.length));
}

/** Folds for the out-of-fold readings the class offsets are chosen on. */
export const FOLDS = 3;

/**
 * Each taxonomy's class offsets (decision.ts), chosen on out-of-fold readings of the training
 * split, starting from the rule the eval used before: −½·log(class prior).
 */
function chooseOffsets(
  examples: readonly TrainingExample[],
  readings: readonly Float64Array[],
  prior: readonly number[],
): ClassOffsets {
  const out: ClassOffsets = {};
  for (const head of HEADS) {
    const taxonomy = TAXONOMY_OF[head] as Record<EmotionLabel, string>;
    const classes = [...new Set(Object.values(taxonomy))].sort();
    const classOf = GOEMOTIONS_LABELS.map((label) => classes.indexOf(taxonomy[label]));
    const classPrior = new Array<number>(classes.length).fill(0);
    prior.forEach((p, i) => (classPrior[classOf[i]!]! += p));
    const rows = examples.map((e, i) => {
      const scores = new Float64Array(classes.length);
      readings[i]!.forEach((p, label) => (scores[classOf[label]!]! += p));
      return { scores, labels: [...new Set(e.labels.map((id) => classOf[id]!))] };
    });
    const start = classPrior.map((p) => -0.5 * Math.log(Math.max(p, 1e-9)));
    const offsets = fitOffsets(rows, start);
    const f1 = (o: number[]) =>
      (
        100 *
        macroF1(
          rows,
          rows.map((r) => pickClass(r.scores, o)),
          classes.length,
        )
      ).toFixed(1);
    console.log(`${head} offsets (out-of-fold macro-F1 ${f1(start)} → ${f1(offsets)})`, offsets);
    out[head] = Object.fromEntries(classes.map((c, i) => [c, offsets[i]!]));
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string): string => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
  };
  const data = arg('data', '../shared/eval/goemotions/original/train.tsv');
  const out = arg('out', 'lib/mood/appraiser/weights.json');
  const examples = parseEmotionRows(await readFile(data, 'utf8'), GOEMOTIONS_LABELS.length);
  const options = DEFAULT_TRAIN_OPTIONS;
  console.log(`training on ${examples.length} rows of ${data}`, options);
  const model = trainWithHeads(examples, GOEMOTIONS_LABELS, HEADS, KEEP_ROWS, options, (pass, e, loss) =>
    console.log(`${pass} epoch ${e}: loss ${loss.toFixed(4)}`),
  );
  const packed = packWeights(model, KEEP_ROWS, {
    levels: LEVELS,
    prior: labelPrior(examples, GOEMOTIONS_LABELS.length),
    trainedOn: `GoEmotions train split (${examples.length} rows), ${JSON.stringify(options)}, ${KEEP_ROWS} buckets kept, heads ${HEADS.join('+')}, weights to ±${LEVELS} steps; blend fitted on the same rows, class offsets on ${FOLDS}-fold out-of-fold readings of them`,
  });
  const lexicon = packLexicon(parseVaderLexicon(await readFile(VADER_LEXICON, 'utf8')), VADER_SOURCE);
  // The blend's spreads are measured with the model and lexicon as shipped, on the training rows.
  const parts = readingParts(unpackWeights(packed), unpackLexicon(lexicon));
  const blend = fitBlend(examples.map((e) => parts(e.text)));
  console.log('blend', blend);
  const prior = labelPrior(examples, GOEMOTIONS_LABELS.length);
  // Each fold's model is trained, pruned and quantised exactly as the shipped one.
  const readings = outOfFold(
    examples,
    FOLDS,
    options.seed,
    (train) => {
      const m = trainWithHeads(train, GOEMOTIONS_LABELS, HEADS, KEEP_ROWS, options);
      return createAppraiserFromModel(unpackWeights(packWeights(m, KEEP_ROWS, { levels: LEVELS })));
    },
    (appraiser, text) => {
      const fine = new Float64Array(GOEMOTIONS_LABELS.length);
      for (const { label, p } of appraiser.appraise(text).emotions) {
        fine[GOEMOTIONS_LABELS.indexOf(label as EmotionLabel)] = p;
      }
      return fine;
    },
  );
  const offsets = chooseOffsets(examples, readings, prior);
  const weights = { ...packed, lexicon, blend, offsets };
  // Written as the repository's formatter would, so `prettier --check` passes on it.
  const json = await format(JSON.stringify(weights), {
    ...(await resolveConfig(out)),
    parser: 'json',
  });
  await writeFile(out, json);
  console.log(`wrote ${out}: ${json.length} bytes, ${gzipSync(json, { level: 9 }).length} gzip`);
}

if (process.argv[1]?.endsWith('train-appraiser.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
