/**
 * `npm run eval -- emotion <file.tsv> <labels.txt>`: the appraiser's reading of each message,
 * mapped onto the file's taxonomy (GoEmotions' 28 labels, its sentiment groups or Ekman's),
 * scored by macro-F1 (shared/eval/FORMAT.md §2).
 */
import { createAppraiserFromModel, type Appraiser } from '../../lib/mood/appraiser/appraiser';
import { pickClass } from '../../lib/mood/appraiser/decision';
import { AppraiserWeights } from '../../lib/mood/appraiser/model';
import { EKMAN_OF, GOEMOTIONS_LABELS, GROUP_OF } from '../../lib/mood/appraiser/labels';
import { unpackWeights } from '../../lib/mood/appraiser/model';
import weights from '../../lib/mood/appraiser/weights.json';
import { UsageError } from './memory';
import { readText } from './read-text';

/**
 * The decision rule divides each class's probability by its training-split prior raised to
 * this power before taking the argmax: 0 is plain argmax, 1 the balanced (prior-free) Bayes
 * decision. One number, chosen on the dev splits (0.5 was best for both taxonomies among
 * 0, 0.25, 0.5, 0.75, 1); macro-F1 rewards rare classes that plain argmax under-predicts.
 * Checked again once the weights carried taxonomy heads (group / Ekman): 0.25 64.7 / 59.3,
 * 0.5 65.0 / 59.3, 0.75 64.8 / 56.5, so it stays.
 */
export const PRIOR_POWER = 0.5;

/** One labelled row: the text and the indices of its labels in the taxonomy. */
export interface EmotionRow {
  text: string;
  labels: number[];
}

/**
 * Parses GoEmotions' `text<TAB>ids<TAB>row id` rows (the eval's and the trainer's input);
 * throws naming the first bad line.
 */
export function parseEmotionRows(tsv: string, labelCount: number): EmotionRow[] {
  return tsv
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const [text, ids] = line.split('\t');
      const labels = (ids ?? '').split(',').map(Number);
      if (
        !text ||
        ids === undefined ||
        labels.some((id) => !Number.isInteger(id) || id < 0 || id >= labelCount)
      ) {
        throw new UsageError(`line ${i + 1}: expected text<TAB>label ids below ${labelCount}`);
      }
      return { text, labels };
    });
}

/** Which class of the taxonomy each GoEmotions label counts towards. */
export function taxonomyOf(labels: readonly string[]): {
  name: string;
  classOf: (label: string) => string | undefined;
} {
  const set = new Set(labels);
  const covers = (mapping: Record<string, string>): boolean =>
    Object.values(mapping).every((c) => set.has(c)) && set.size === new Set(Object.values(mapping)).size;
  if (covers(GROUP_OF)) return { name: 'group', classOf: (l) => GROUP_OF[l as keyof typeof GROUP_OF] };
  if (covers(EKMAN_OF)) return { name: 'ekman', classOf: (l) => EKMAN_OF[l as keyof typeof EKMAN_OF] };
  if (labels.length === GOEMOTIONS_LABELS.length && GOEMOTIONS_LABELS.every((l) => set.has(l))) {
    return { name: 'original', classOf: (l) => l };
  }
  throw new UsageError(
    `labels.txt names neither GoEmotions' 28 labels, its sentiment groups nor Ekman's classes: ${labels.join(', ')}`,
  );
}

/** The emotion suite's figures. */
export interface EmotionResult {
  suite: 'emotion';
  taxonomy: string;
  n: number;
  macroF1: number;
  accuracy: number;
  perLabel: Record<string, { f1: number; precision: number; recall: number; support: number }>;
  msPerTextP50: number;
}

/** Scores the appraiser on rows of a taxonomy whose class names are `labels`. */
export function evaluateEmotion(
  appraiser: Appraiser,
  rows: readonly EmotionRow[],
  labels: readonly string[],
  prior: readonly number[] | undefined,
  priorPower = PRIOR_POWER,
  offsets?: Readonly<Record<string, number>>,
): EmotionResult {
  const taxonomy = taxonomyOf(labels);
  const classPrior = new Array<number>(labels.length).fill(0);
  GOEMOTIONS_LABELS.forEach((label, i) => {
    const c = labels.indexOf(taxonomy.classOf(label) ?? '');
    if (c >= 0) classPrior[c]! += prior?.[i] ?? 1 / GOEMOTIONS_LABELS.length;
  });
  // With the weights' own class offsets (chosen by cross-validation on the training split,
  // decision.ts) the pick is theirs; without, the prior correction above.
  const classOffsets = labels.map((label, c) =>
    offsets ? (offsets[label] ?? 0) : -priorPower * Math.log(Math.max(classPrior[c]!, 1e-9)),
  );
  const tp = new Array<number>(labels.length).fill(0);
  const fp = [...tp];
  const fn = [...tp];
  const support = [...tp];
  const times: number[] = [];
  let right = 0;
  for (const row of rows) {
    const started = performance.now();
    const { emotions } = appraiser.appraise(row.text);
    times.push(performance.now() - started);
    const score = new Array<number>(labels.length).fill(0);
    for (const { label, p } of emotions) {
      const c = labels.indexOf(taxonomy.classOf(label) ?? '');
      if (c >= 0) score[c]! += p;
    }
    const predicted = pickClass(score, classOffsets);
    for (const c of row.labels) support[c]!++;
    if (row.labels.includes(predicted)) {
      right++;
      tp[predicted]!++;
    } else {
      fp[predicted]!++;
      for (const c of row.labels) fn[c]!++;
    }
  }
  const round = (x: number): number => Math.round(x * 10) / 10;
  const perLabel: EmotionResult['perLabel'] = {};
  let f1Sum = 0;
  labels.forEach((label, c) => {
    const precision = tp[c]! + fp[c]! ? tp[c]! / (tp[c]! + fp[c]!) : 0;
    const recall = tp[c]! + fn[c]! ? tp[c]! / (tp[c]! + fn[c]!) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    f1Sum += f1;
    perLabel[label] = {
      f1: round(100 * f1),
      precision: round(100 * precision),
      recall: round(100 * recall),
      support: support[c]!,
    };
  });
  times.sort((x, y) => x - y);
  return {
    suite: 'emotion',
    taxonomy: taxonomy.name,
    n: rows.length,
    macroF1: round((100 * f1Sum) / labels.length),
    accuracy: round((100 * right) / Math.max(1, rows.length)),
    perLabel,
    msPerTextP50: Math.round((times[Math.floor(times.length / 2)] ?? 0) * 1000) / 1000,
  };
}

/** The command: `emotion <file.tsv> <labels.txt>`. */
export async function main(args: string[]): Promise<void> {
  const [file, labelsFile] = args;
  if (!file || !labelsFile) throw new UsageError('usage: npm run eval -- emotion <file.tsv> <labels.txt>');
  const labels = (await readText(labelsFile))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const rows = parseEmotionRows(await readText(file), labels.length);
  const model = unpackWeights(weights);
  const offsets = AppraiserWeights.parse(weights).offsets?.[taxonomyOf(labels).name];
  const result = evaluateEmotion(
    createAppraiserFromModel(model),
    rows,
    labels,
    model.prior,
    PRIOR_POWER,
    offsets,
  );
  console.log(JSON.stringify(result));
}
