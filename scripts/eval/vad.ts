/**
 * `npm run eval -- vad <file.tsv>`: Pearson's r between the appraiser's pleasure, arousal and
 * dominance and human valence, arousal and dominance ratings (EmoBank; shared/eval/FORMAT.md
 * §2b). Measuring only: nothing here is fitted on the ratings.
 */
import { loadAppraiser, type Appraiser } from '../../lib/mood/appraiser/appraiser';
import { UsageError } from './memory';
import { readText } from './read-text';
import { importWeights } from '../../lib/mood/appraiser/weights-module';

/** One rated text. */
export interface VadRow {
  text: string;
  v: number;
  a: number;
  d: number;
}

/** Parses `text<TAB>V<TAB>A<TAB>D<TAB>id` rows; throws naming the first bad line. */
export function parseVadRows(tsv: string): VadRow[] {
  return tsv
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const [text, v, a, d] = line.split('\t');
      const row = { text: text ?? '', v: Number(v), a: Number(a), d: Number(d) };
      if (!text || ![row.v, row.a, row.d].every(Number.isFinite)) {
        throw new UsageError(`line ${i + 1}: expected text<TAB>V<TAB>A<TAB>D<TAB>id`);
      }
      return row;
    });
}

/** Pearson's correlation; 0 when either side has no variance. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** The vad suite's figures. */
export interface VadResult {
  suite: 'vad';
  n: number;
  r: { V: number; A: number; D: number };
  msPerTextP50: number;
}

/** Appraises every row and correlates. */
export function evaluateVad(appraiser: Appraiser, rows: readonly VadRow[]): VadResult {
  const p: number[] = [];
  const a: number[] = [];
  const d: number[] = [];
  const times: number[] = [];
  for (const row of rows) {
    const started = performance.now();
    const { pad } = appraiser.appraise(row.text);
    times.push(performance.now() - started);
    p.push(pad.p);
    a.push(pad.a);
    d.push(pad.d);
  }
  times.sort((x, y) => x - y);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    suite: 'vad',
    n: rows.length,
    r: {
      V: round(
        pearson(
          p,
          rows.map((r) => r.v),
        ),
      ),
      A: round(
        pearson(
          a,
          rows.map((r) => r.a),
        ),
      ),
      D: round(
        pearson(
          d,
          rows.map((r) => r.d),
        ),
      ),
    },
    msPerTextP50: round(times[Math.floor(times.length / 2)] ?? 0),
  };
}

/** The command: `vad <file.tsv>`. */
export async function main(args: string[]): Promise<void> {
  const [file] = args;
  if (!file) throw new UsageError('usage: npm run eval -- vad <file.tsv>');
  const rows = parseVadRows(await readText(file));
  console.log(JSON.stringify(evaluateVad(await loadAppraiser(importWeights), rows)));
}
