/**
 * `npm run train:appraiser`: learns the mood appraiser from GoEmotions' training split and
 * writes lib/mood/appraiser/weights.json. Deterministic: the same data gives the same file.
 *
 *   npm run train:appraiser [-- --data ../shared/eval/goemotions/original/train.tsv --out …]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { format, resolveConfig } from 'prettier';
import { GOEMOTIONS_LABELS } from '../lib/mood/appraiser/labels';
import { packWeights } from '../lib/mood/appraiser/model';
import { DEFAULT_TRAIN_OPTIONS, trainPruned, type TrainingExample } from '../lib/mood/appraiser/train';

/** Buckets kept in the shipped file: the most that fit the 500 kB gzip budget with room. */
export const KEEP_ROWS = 15_000;

/** Parses GoEmotions rows (`text<TAB>ids<TAB>id`); throws naming the first bad line. */
export function parseGoEmotions(tsv: string, labelCount: number): TrainingExample[] {
  return tsv
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const [text, ids] = line.split('\t');
      const labels = (ids ?? '').split(',').map(Number);
      if (!text || labels.some((id) => !Number.isInteger(id) || id < 0 || id >= labelCount)) {
        throw new Error(`line ${i + 1}: expected text<TAB>label ids (0–${labelCount - 1})`);
      }
      return { text, labels };
    });
}

/** Each label's share of the examples, a multi-label row counting 1/n for each of its n. */
export function labelPrior(examples: readonly TrainingExample[], labelCount: number): number[] {
  const prior = new Array<number>(labelCount).fill(0);
  for (const e of examples) for (const id of e.labels) prior[id]! += 1 / e.labels.length;
  return prior.map((x) => x / Math.max(1, examples.length));
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string): string => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
  };
  const data = arg('data', '../shared/eval/goemotions/original/train.tsv');
  const out = arg('out', 'lib/mood/appraiser/weights.json');
  const examples = parseGoEmotions(await readFile(data, 'utf8'), GOEMOTIONS_LABELS.length);
  const options = DEFAULT_TRAIN_OPTIONS;
  console.log(`training on ${examples.length} rows of ${data}`, options);
  const model = trainPruned(examples, GOEMOTIONS_LABELS, KEEP_ROWS, options, (pass, e, loss) =>
    console.log(`${pass} epoch ${e}: loss ${loss.toFixed(4)}`),
  );
  const weights = packWeights(model, KEEP_ROWS, {
    prior: labelPrior(examples, GOEMOTIONS_LABELS.length),
    trainedOn: `GoEmotions train split (${examples.length} rows), ${JSON.stringify(options)}, ${KEEP_ROWS} buckets kept`,
  });
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
