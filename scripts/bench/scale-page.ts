// Runs inside an extension page of the production build (bundled by scripts/bench/scale.ts,
// loaded from a page the bench adds to a copy of the build): seeds the extension's own
// database through its own code (lib/db/open.ts, its migrations, the vector store), and
// measures what needs no UI — one recall over every memory, loading vectors, bytes on disk.
import { openHearthDb } from '../../lib/db/open';
import { memoryTextKey, type MemoryRecord } from '../../lib/memory/records';
import { createMemoryLexicalIndex, indexMemories } from '../../lib/memory/lexical/memory-index';
import { createRetriever } from '../../lib/memory/retrieval/retriever';
import { createMemoryStore } from '../../lib/memory/memory-store';
import { createVectorIndex } from '../../lib/memory/vector/vector-index';
import { createVectorStore, loadIndex } from '../../lib/memory/vector/vector-store';

const BATCH = 5000;
const DAY = 86_400_000;

/** Where the bench's loopback server serves the texts and vectors from. */
interface Source {
  baseUrl: string;
  dim: number;
  /** How many real vectors the file holds; ids past it reuse them in turn (tiled). */
  realCount: number;
}

let texts: string[] = [];
let vectors: Float32Array | null = null;

async function fetchSource(source: Source): Promise<void> {
  if (texts.length === 0) texts = (await (await fetch(`${source.baseUrl}/texts.json`)).json()) as string[];
  if (!vectors)
    vectors = new Float32Array(await (await fetch(`${source.baseUrl}/vectors.f32`)).arrayBuffer());
}

const memoryId = (i: number) => `m${String(i).padStart(6, '0')}-0000-4000-8000-000000000000`;

/** Memory i: a real sentence; 3 in 5 are episodes of a conversation (indexed with their neighbours). */
function memoryAt(i: number, start: number): MemoryRecord {
  const text = texts[i % texts.length]!;
  const at = start + Math.floor((i * 365 * DAY) / 100_000);
  const episode = i % 5 < 3;
  return {
    id: memoryId(i),
    text,
    textKey: memoryTextKey(text),
    kind: episode ? 'episode' : 'user-fact',
    provenance: { type: 'messages', messageIds: [`seed-msg-${i}`] },
    ...(episode
      ? {
          conversationId: `seed-conv-${Math.floor(i / 200)}`,
          role: i % 2 ? 'assistant' : 'user',
          speaker: i % 2 ? 'Hearth' : 'Sam',
        }
      : {}),
    createdAt: at,
    updatedAt: at,
    validFrom: at,
    importance: 0.3 + (i % 7) / 10,
    emotion: { valence: 0, arousal: 0 },
    pinned: false,
    accessCount: 0,
  } as MemoryRecord;
}

/** Writes memories [from, to) in transactions of BATCH; returns ms. */
async function seedMemories(source: Source, from: number, to: number): Promise<number> {
  await fetchSource(source);
  const started = performance.now();
  const db = await openHearthDb();
  const start = Date.UTC(2025, 0, 1);
  for (let i = from; i < to; i += BATCH) {
    const tx = db.transaction('memories', 'readwrite');
    for (let j = i; j < Math.min(to, i + BATCH); j++) void tx.store.put(memoryAt(j, start));
    await tx.done;
  }
  db.close();
  return Math.round(performance.now() - started);
}

/** Writes `count` messages over conversations of 200 (the newest one holds the rest). */
async function seedMessages(count: number): Promise<number> {
  const started = performance.now();
  const db = await openHearthDb();
  const now = Date.now() - count * 60_000;
  const tx = db.transaction(['conversations', 'messages'], 'readwrite');
  for (let c = 0; c * 200 < count; c++) {
    const at = now + c * 200 * 60_000;
    void tx.objectStore('conversations').put({
      id: `seed-chat-${c}`,
      title: `Seeded chat ${c}`,
      personaId: 'default',
      createdAt: at,
      updatedAt: at + 199 * 60_000,
    });
  }
  for (let i = 0; i < count; i++) {
    void tx.objectStore('messages').put({
      id: `seed-msg-${i}`,
      conversationId: `seed-chat-${Math.floor(i / 200)}`,
      seq: i % 200,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: texts[i % texts.length] ?? `Message ${i}`,
      createdAt: now + i * 60_000,
      status: 'complete',
    });
  }
  await tx.done;
  db.close();
  return Math.round(performance.now() - started);
}

/** Stores vectors for memories [0, n) under `embedderId` (rows past realCount tiled). */
async function seedVectors(source: Source, embedderId: string, n: number): Promise<number> {
  await fetchSource(source);
  const { dim, realCount } = source;
  const started = performance.now();
  const index = createVectorIndex(dim);
  for (let i = 0; i < n; i++) {
    const row = i % realCount;
    index.add(memoryId(i), vectors!.subarray(row * dim, (row + 1) * dim));
  }
  const db = await openHearthDb();
  await createVectorStore(db).replaceAll(embedderId, index);
  db.close();
  return Math.round(performance.now() - started);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Median of three loads of the embedder's vectors from IndexedDB to a searchable index. */
async function vectorLoad(
  embedderId: string,
): Promise<{ loadMs: number; runsMs: number[]; vectors: number }> {
  const db = await openHearthDb();
  const runs: number[] = [];
  let size = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const index = await loadIndex(db, embedderId);
    runs.push(round(performance.now() - started));
    size = index?.size ?? 0;
  }
  db.close();
  return { loadMs: [...runs].sort((a, b) => a - b)[1]!, runsMs: runs, vectors: size };
}

/**
 * One recall (lexical with feedback, dense, fusion, scoring, reading the records back) for
 * each query, over every stored memory, with the production retriever. The query vectors are
 * the queries' own USE-lite embeddings, looked up: embedding a query is the embedder's
 * cost (its worker), not the index's. Also times the main-thread rebuild the panel used to do.
 */
async function recall(
  embedderId: string,
  queries: { text: string; vector: number[] }[],
): Promise<Record<string, number>> {
  const db = await openHearthDb();
  const store = createMemoryStore(db);
  let started = performance.now();
  const records = await store.list({ includeSuperseded: true });
  const listMs = performance.now() - started;
  started = performance.now();
  const lexical = createMemoryLexicalIndex();
  indexMemories(lexical, records);
  const indexMs = performance.now() - started;
  const index = await loadIndex(db, embedderId);
  const byText = new Map(queries.map((q) => [q.text, Float32Array.from(q.vector)]));
  const retriever = createRetriever({
    lexical,
    getRecords: (ids) => store.getMany(ids),
    ...(index
      ? {
          dense: {
            embedder: {
              id: embedderId,
              dim: index.dim,
              embed: (list: string[]) => Promise.resolve(list.map((t) => byText.get(t)!)),
            },
            searcher: index,
          },
        }
      : {}),
  });
  const now = Date.now();
  for (const q of queries.slice(0, 10)) await retriever.retrieve({ text: q.text, now, k: 6 });
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await retriever.retrieve({ text: q.text, now, k: 6 });
    times.push(performance.now() - t);
  }
  db.close();
  times.sort((a, b) => a - b);
  return {
    memories: records.length,
    queries: times.length,
    dense: index ? 1 : 0,
    recallMsP50: round(percentile(times, 0.5)),
    recallMsP95: round(percentile(times, 0.95)),
    mainThreadListMs: Math.round(listMs),
    mainThreadIndexMs: Math.round(indexMs),
  };
}

async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? 0;
}

(globalThis as unknown as { hearthScaleBench: unknown }).hearthScaleBench = {
  seedMemories,
  seedMessages,
  seedVectors,
  vectorLoad,
  recall,
  usage,
};
