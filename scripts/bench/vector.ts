/**
 * Benchmark of the dense vector index (issue 3, §3): search latency and recall@10 against
 * exact Float32 search, load time from IndexedDB, stored bytes per vector, with naive
 * Float32 brute force and @orama/orama measured in the same run.
 *
 *   npx tsx scripts/bench/vector.ts [--n 100000] [--dim 384]
 *
 * Progress goes to stderr; the JSON result is the last line of stdout. IndexedDB is
 * fake-indexeddb in Node (slower than Chrome's, and without its disk and serialization
 * costs); bytes per vector are measured by serializing each block with V8's
 * ValueSerializer, as Chrome's IndexedDB does before writing.
 */
import 'fake-indexeddb/auto';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { create, insertMultiple, search } from '@orama/orama';
import { openDB } from 'idb';
import { DEFAULT_CANDIDATES, DEFAULT_POOL, type SearchOptions } from '../../lib/memory/vector/search';
import type { VectorBlockRecord } from '../../lib/memory/vector/records';
import { createVectorIndex, type VectorIndex } from '../../lib/memory/vector/vector-index';
import {
  createVectorStore,
  createVectorStoreSchema,
  loadIndex,
  VECTOR_BLOCKS_STORE,
} from '../../lib/memory/vector/vector-store';
import { realSet } from './real-vectors';
import { bruteForceTopK, clusteredSet, Rng, uniformSet, type VectorSet } from './vector-data';
import { int8DotWords, TopK } from '../../lib/memory/vector/kernels';

/** Figures for one data set; the first nine are the required keys. */
export interface VectorBenchFigures {
  n: number;
  dim: number;
  /** Search latency of VectorIndex.search (top-10, default options), ms. */
  p50Ms: number;
  p95Ms: number;
  /** Mean share of the exact Float32 top-10 found. */
  recall10: number;
  /** loadIndex from (fake) IndexedDB to a searchable index, median of 3, ms. */
  loadMs: number;
  /** V8-serialized bytes of all blocks (codes, scales, ids, structure) per vector. */
  bytesPerVector: number;
  /** Naive Float32 loop over all vectors plus top-10 selection, ms. */
  bruteForceP50Ms: number;
  /** @orama/orama vector search (similarity 0, limit 10), ms; null if it could not run. */
  oramaP50Ms: number | null;
  /** Extra context. */
  queries: number;
  /** The three load times, in order. */
  loadRunsMs: number[];
  /** Search options used for p50Ms/p95Ms/recall10 (the defaults). */
  pool: number;
  candidates: number;
  buildMs: number;
  oramaInsertMs: number | null;
  oramaRecall10: number | null;
  /** Latency and recall at other settings of `pool` and `candidates`. */
  sweep: { pool: number; candidates: number; p50Ms: number; p95Ms: number; recall10: number }[];
}

/** What benchVector returns: the clustered figures flat at `vector`, both sets nested. */
export interface VectorBenchResult {
  vector: Partial<VectorBenchFigures> & {
    clustered: VectorBenchFigures | null;
    uniform: VectorBenchFigures | null;
    /** Real sentence vectors: the index, a plain int8 scan, Float32 brute force. */
    real: Record<string, unknown> | null;
    notes: string[];
  };
}

export interface VectorBenchOptions {
  n?: number;
  dim?: number;
  queries?: number;
  /** Queries timed on Orama (each is a full scan and sort, ~0.1–0.2 s at 100,000). */
  oramaQueries?: number;
  /** Measure on real sentence vectors too (default true). */
  real?: boolean;
  /** How many real vectors (default REAL_COUNT; fewer for a quick run). */
  realCount?: number;
  /** Skip the clustered and uniform sets (a quick run of the real one). */
  synthetic?: boolean;
}

const log = (message: string): void => console.error(`[bench:vector] ${message}`);

/** A 36-character id like crypto.randomUUID()'s, so stored bytes count realistic ids. */
function idOf(i: number): string {
  return `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function recallOf(found: string[], truth: string[]): number {
  const set = new Set(truth);
  return found.filter((id) => set.has(id)).length / truth.length;
}

function timeSearches(
  index: VectorIndex,
  set: VectorSet,
  truth: string[][],
  options: SearchOptions,
): { p50Ms: number; p95Ms: number; recall10: number } {
  for (const query of set.queries.slice(0, 20)) index.search(query, 10, options);
  const times: number[] = [];
  let recall = 0;
  set.queries.forEach((query, j) => {
    const start = performance.now();
    const hits = index.search(query, 10, options);
    times.push(performance.now() - start);
    recall += recallOf(
      hits.map((h) => h.id),
      truth[j]!,
    );
  });
  times.sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    recall10: round(recall / set.queries.length, 4),
  };
}

async function measureStorage(
  index: VectorIndex,
  name: string,
): Promise<{ loaded: VectorIndex; loadMs: number; loadRunsMs: number[]; bytes: number }> {
  const db = await openDB(`bench-vector-${name}-${Date.now()}`, 1, {
    upgrade(database) {
      createVectorStoreSchema(database);
    },
  });
  const embedderId = 'bench/sentence-like@384';
  await createVectorStore(db).replaceAll(embedderId, index);
  let bytes = 0;
  for (const block of (await db.getAll(VECTOR_BLOCKS_STORE)) as VectorBlockRecord[]) {
    bytes += serialize(block).length;
  }
  const runs: number[] = [];
  let loaded: VectorIndex | null = null;
  for (let run = 0; run < 3; run++) {
    loaded = null; // the previous copy is garbage before the next load starts
    const start = performance.now();
    loaded = await loadIndex(db, embedderId);
    runs.push(round(performance.now() - start, 1));
  }
  db.close();
  const sorted = [...runs].sort((a, b) => a - b);
  return { loaded: loaded!, loadMs: percentile(sorted, 0.5), loadRunsMs: runs, bytes };
}

async function measureOrama(
  set: VectorSet,
  truth: string[][],
  queries: number,
): Promise<{ p50Ms: number; insertMs: number; recall10: number }> {
  const { n, dim, data } = set;
  const db = create({ schema: { id: 'string', embedding: `vector[${dim}]` } as const });
  const docs = Array.from({ length: n }, (_, i) => ({
    id: idOf(i),
    embedding: Array.from(data.subarray(i * dim, (i + 1) * dim)),
  }));
  const start = performance.now();
  await insertMultiple(db, docs, 5000);
  const insertMs = performance.now() - start;
  const times: number[] = [];
  let recall = 0;
  const timed = set.queries.slice(0, queries);
  for (const [j, query] of timed.entries()) {
    const value = Array.from(query);
    const t = performance.now();
    const result = await search(db, {
      mode: 'vector',
      vector: { value, property: 'embedding' },
      similarity: 0,
      limit: 10,
    });
    times.push(performance.now() - t);
    recall += recallOf(
      result.hits.map((h) => h.id),
      truth[j]!,
    );
  }
  times.sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(times, 0.5)),
    insertMs: round(insertMs, 0),
    recall10: round(recall / timed.length, 4),
  };
}

/** A plain int8 scan: one code per dimension (scale max|x|/127 per vector), every vector scored. */
function int8Scan(set: VectorSet): {
  search(query: Float32Array, k: number): number[];
  bytesPerVector: number;
} {
  const { n, dim, data } = set;
  const codes = new Int8Array(n * dim);
  const scales = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let max = 0;
    for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(data[i * dim + d]!));
    const scale = max / 127 || 1;
    scales[i] = scale;
    for (let d = 0; d < dim; d++) codes[i * dim + d] = Math.round(data[i * dim + d]! / scale);
  }
  const words = new Int32Array(codes.buffer);
  const q64 = new Float64Array(dim);
  return {
    // codes + a float32 scale + a 36-character id, as the stored index counts them
    bytesPerVector: dim + 4 + 36,
    search(query, k) {
      q64.set(query);
      const top = new TopK(k);
      const wordsPerVector = dim >> 2;
      for (let i = 0; i < n; i++) {
        const score = scales[i]! * int8DotWords(q64, words, i * wordsPerVector, dim);
        if (score > top.floor) top.push(i, score);
      }
      const order = Array.from({ length: top.size }, (_, j) => j).sort(
        (a, b) => top.scores[b]! - top.scores[a]!,
      );
      return order.map((j) => top.slots[j]!);
    },
  };
}

function latency(times: number[]): { p50Ms: number; p95Ms: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 0.5)), p95Ms: round(percentile(sorted, 0.95)) };
}

/** Figures for one way of searching the real set: recall@10 against exact search, latency, bytes. */
interface MethodFigures {
  p50Ms: number;
  p95Ms: number;
  recall10: number;
  bytesPerVector: number;
}

/**
 * Real USE-lite sentence vectors (real-vectors.ts): the current index, a plain int8 scan and
 * Float32 brute force over the same vectors, queried with LoCoMo questions. At `n` past the
 * real count the rows are tiled: real vectors again with a little noise (norm 0.1).
 */
async function benchRealSet(set: VectorSet, n: number): Promise<Record<string, unknown>> {
  const { dim } = set;
  let data = set.data;
  if (n > set.n) {
    data = new Float32Array(n * dim);
    data.set(set.data);
    const rng = new Rng(7);
    for (let i = set.n; i < n; i++) {
      const o = i * dim;
      const from = (i % set.n) * dim;
      for (let d = 0; d < dim; d++)
        data[o + d] = set.data[from + d]! + (0.1 / Math.sqrt(dim)) * rng.gaussian();
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += data[o + d]! ** 2;
      for (let d = 0; d < dim; d++) data[o + d]! /= Math.sqrt(norm);
    }
  }
  const sized: VectorSet = { ...set, n, data };
  log(
    `real: ${n} × ${dim} (${set.n} real${n > set.n ? ', the rest tiled' : ''}), ${set.queries.length} queries`,
  );
  const truth: string[][] = [];
  const bruteTimes: number[] = [];
  for (const query of set.queries) {
    const start = performance.now();
    const top = bruteForceTopK(data, n, dim, query, 10);
    bruteTimes.push(performance.now() - start);
    truth.push(top.map(idOf));
  }
  const built = createVectorIndex(dim);
  for (let i = 0; i < n; i++) built.add(idOf(i), data.subarray(i * dim, (i + 1) * dim));
  const { loaded, bytes } = await measureStorage(built, `real-${n}`);
  timeSearches(loaded, sized, truth, {});
  const index: MethodFigures = {
    ...timeSearches(loaded, sized, truth, {}),
    bytesPerVector: round(bytes / n, 1),
  };
  const sweep = [
    { pool: 8000, candidates: 1500 },
    { pool: 20_000, candidates: 3000 },
  ].map((options) => ({ ...options, ...timeSearches(loaded, sized, truth, options) }));
  const scan = int8Scan(sized);
  for (const query of set.queries.slice(0, 20)) scan.search(query, 10);
  const scanTimes: number[] = [];
  let scanRecall = 0;
  set.queries.forEach((query, j) => {
    const start = performance.now();
    const found = scan.search(query, 10).map(idOf);
    scanTimes.push(performance.now() - start);
    scanRecall += recallOf(found, truth[j]!);
  });
  return {
    n,
    dim,
    realVectors: Math.min(n, set.n),
    tiled: Math.max(0, n - set.n),
    queries: set.queries.length,
    index: { ...index, pool: DEFAULT_POOL, candidates: DEFAULT_CANDIDATES, sweep },
    int8Scan: {
      ...latency(scanTimes),
      recall10: round(scanRecall / set.queries.length, 4),
      bytesPerVector: scan.bytesPerVector,
    },
    float32BruteForce: { ...latency(bruteTimes), recall10: 1, bytesPerVector: dim * 4 + 36 },
  };
}

async function benchSet(set: VectorSet, oramaQueries: number): Promise<VectorBenchFigures> {
  const { n, dim, data } = set;
  log(`${set.name}: building the index of ${n} × ${dim}`);
  let start = performance.now();
  const built = createVectorIndex(dim);
  for (let i = 0; i < n; i++) built.add(idOf(i), data.subarray(i * dim, (i + 1) * dim));
  const buildMs = round(performance.now() - start, 0);

  log(`${set.name}: writing to and loading from IndexedDB`);
  const { loaded, loadMs, loadRunsMs, bytes } = await measureStorage(built, set.name);

  log(`${set.name}: exact Float32 brute force (${set.queries.length} queries)`);
  const truth: string[][] = [];
  const bruteTimes: number[] = [];
  for (const query of set.queries) {
    start = performance.now();
    const top = bruteForceTopK(data, n, dim, query, 10);
    bruteTimes.push(performance.now() - start);
    truth.push(top.map(idOf));
  }
  bruteTimes.sort((a, b) => a - b);

  log(`${set.name}: index search`);
  // One untimed pass first, so the default settings are not measured on a cold JIT.
  timeSearches(loaded, set, truth, {});
  const main = timeSearches(loaded, set, truth, {});
  const sweep = [
    { pool: 3000, candidates: 500 },
    { pool: 6000, candidates: 1000 },
    { pool: 20_000, candidates: 3000 },
    { pool: 50_000, candidates: 10_000 },
  ].map((options) => ({ ...options, ...timeSearches(loaded, set, truth, options) }));

  let orama: { p50Ms: number; insertMs: number; recall10: number } | null = null;
  if (oramaQueries > 0) {
    log(`${set.name}: @orama/orama (insert ${n}, ${oramaQueries} queries)`);
    try {
      orama = await measureOrama(set, truth, oramaQueries);
    } catch (error) {
      log(`${set.name}: Orama failed: ${String(error)}`);
    }
  }
  return {
    n,
    dim,
    ...main,
    loadMs,
    bytesPerVector: round(bytes / n, 1),
    bruteForceP50Ms: round(percentile(bruteTimes, 0.5)),
    oramaP50Ms: orama?.p50Ms ?? null,
    queries: set.queries.length,
    loadRunsMs,
    pool: DEFAULT_POOL,
    candidates: DEFAULT_CANDIDATES,
    buildMs,
    oramaInsertMs: orama?.insertMs ?? null,
    oramaRecall10: orama?.recall10 ?? null,
    sweep,
  };
}

/** Runs the benchmark on clustered (sentence-like) and uniform random vectors. */
export async function benchVector(options: VectorBenchOptions = {}): Promise<VectorBenchResult> {
  const n = options.n ?? 100_000;
  const dim = options.dim ?? 384;
  const queries = options.queries ?? 200;
  const oramaQueries = options.oramaQueries ?? 20;
  const loadBefore = loadavg()[0]!;
  const synthetic = options.synthetic !== false;
  if (synthetic) log(`generating ${n} clustered vectors`);
  const clustered = synthetic ? await benchSet(clusteredSet(n, dim, queries), oramaQueries) : null;
  if (synthetic) log(`generating ${n} uniform vectors`);
  const uniform = synthetic ? await benchSet(uniformSet(n, dim, queries), oramaQueries) : null;
  let real: Record<string, unknown> | null = null;
  if (options.real !== false) {
    log('real USE-lite sentence vectors (embedding what is not cached yet)');
    const set = await realSet(options.realCount);
    real = {
      atRealCount: await benchRealSet(set, set.n),
      at100k: await benchRealSet(set, Math.max(n, set.n)),
    };
  }
  const notes = [
    'Node with fake-indexeddb: loadMs is measured there, not in Chrome (see loadMsChrome, scripts/bench/scale.ts).',
    'real: Universal Sentence Encoder Lite (512-d) vectors of real sentences (LoCoMo turns, GoEmotions, EmoBank), queried with LoCoMo questions; at100k the rows past the real count are tiled (real vectors again plus noise of norm 0.1).',
    'bytesPerVector: V8-serialized blocks (int8 + 3 low bit-planes + float32 scale + 36-char id) per vector.',
    `Recall is against exact Float32 brute force over the original vectors; queries are drawn like the data, not taken from it.`,
    `1-minute load average ${round(loadBefore, 2)} before and ${round(loadavg()[0]!, 2)} after, on ${availableParallelism()} shared cores: latencies rise with it.`,
  ];
  return { vector: { ...clustered, clustered, uniform, real, notes } };
}

function argument(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchVector({
    n: argument('n'),
    dim: argument('dim'),
    queries: argument('queries'),
    real: !process.argv.includes('--no-real'),
    realCount: argument('real-count'),
    synthetic: !process.argv.includes('--only-real'),
  });
  console.log(JSON.stringify(result));
}
