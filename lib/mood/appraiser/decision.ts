import { z } from 'zod';

/**
 * Picking one class of a coarse taxonomy (GoEmotions' sentiment groups or Ekman's) from the
 * appraiser's fine distribution. Each class's score is the sum of its fine labels'
 * probabilities; the pick is the argmax of log(score) + the class's offset. Plain argmax
 * (offsets 0) under-predicts rare classes, which macro-F1 punishes; the offsets are chosen on
 * the training split by cross-validation (scripts/train-appraiser.ts): each fold's model
 * reads the rows it did not see, and the offsets are those that maximise macro-F1 on those
 * out-of-fold readings. No dev or test row takes part.
 */

/** Per-taxonomy class offsets as weights.json carries them: class name → log offset. */
export const ClassOffsets = z.record(z.string(), z.record(z.string(), z.number()));
/** The offsets' stored shape. */
export type ClassOffsets = z.infer<typeof ClassOffsets>;

/** One row to fit on: the taxonomy's class scores and the indices of the row's true classes. */
export interface ScoredRow {
  scores: Float64Array;
  labels: readonly number[];
}

/** The class picked for scores under offsets (ties: the lower index). */
export function pickClass(scores: ArrayLike<number>, offsets: readonly number[]): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let c = 0; c < scores.length; c++) {
    const value = Math.log(Math.max(scores[c]!, 1e-12)) + (offsets[c] ?? 0);
    if (value > bestValue) {
      best = c;
      bestValue = value;
    }
  }
  return best;
}

/**
 * Macro-F1 (0–1) of picks as the eval scores them: a pick is right when it is among the
 * row's classes; a wrong pick is a false positive for it and a miss for each true class.
 */
export function macroF1(rows: readonly ScoredRow[], picks: readonly number[], classes: number): number {
  const tp = new Array<number>(classes).fill(0);
  const fp = [...tp];
  const fn = [...tp];
  rows.forEach((row, i) => {
    const pick = picks[i]!;
    if (row.labels.includes(pick)) tp[pick]!++;
    else {
      fp[pick]!++;
      for (const c of row.labels) fn[c]!++;
    }
  });
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const denominator = 2 * tp[c]! + fp[c]! + fn[c]!;
    sum += denominator > 0 ? (2 * tp[c]!) / denominator : 0;
  }
  return sum / classes;
}

/** The offsets' search: steps tried per class, and rounds over all classes. */
export const OFFSET_SEARCH = { step: 0.05, reach: 2, rounds: 3 } as const;

/**
 * Coordinate ascent on macro-F1 from `start`: class by class, the offset on a grid of
 * `step` within ±`reach` of where it stands that scores best (ties keep the smaller move),
 * for `rounds` rounds. Deterministic.
 */
export function fitOffsets(rows: readonly ScoredRow[], start: readonly number[]): number[] {
  const classes = start.length;
  const offsets = [...start];
  const logs = rows.map((row) => Float64Array.from(row.scores, (s) => Math.log(Math.max(s, 1e-12))));
  const picks = (): number[] =>
    logs.map((l) => {
      let best = 0;
      for (let c = 1; c < classes; c++) if (l[c]! + offsets[c]! > l[best]! + offsets[best]!) best = c;
      return best;
    });
  let best = macroF1(rows, picks(), classes);
  const steps = Math.round(OFFSET_SEARCH.reach / OFFSET_SEARCH.step);
  for (let round = 0; round < OFFSET_SEARCH.rounds; round++) {
    for (let c = 0; c < classes; c++) {
      const at = offsets[c]!;
      let chosen = at;
      for (let k = 1; k <= steps; k++) {
        for (const sign of [-1, 1]) {
          offsets[c] = at + sign * k * OFFSET_SEARCH.step;
          const f1 = macroF1(rows, picks(), classes);
          if (f1 > best + 1e-12) {
            best = f1;
            chosen = offsets[c]!;
          }
        }
      }
      offsets[c] = chosen;
    }
  }
  return offsets.map((x) => Number(x.toFixed(4)));
}
