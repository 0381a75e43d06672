/**
 * Dense (embedding) memory search for the panel: an embedder in its worker, the vector
 * index of that embedder loaded from IndexedDB, and a background backfill that embeds every
 * memory the index lacks. Progress is the `embedderId` recorded on each memory (written
 * after its vector is stored), so a backfill cut short by closing the panel resumes where it
 * stopped. All writes (backfill, new memories, forgetting) go through one queue, in order.
 */
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import type { Embedder } from './embedder';
import type { LoadProgress } from './embedders/embed-protocol';
import { embeddingText } from './ingest';
import type { MemoryStore } from './memory-store';
import type { MemoryRecord } from './records';
import type { DenseRetrieval } from './retrieval/retriever';
import { createVectorStore, type VectorStore } from './vector/vector-store';
import { VectorIndex } from './vector/vector-index';

/** Memories embedded per request during the backfill. */
export const BACKFILL_BATCH_SIZE = 32;

/** An embedder as dense memory uses it; `embedQueries` and `dispose` where the embedder has them. */
export interface DenseEmbedder extends Embedder {
  embedQueries?(texts: string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
  dispose?(): void;
}

/** Where dense memory is, for a status line. */
export type DenseMemoryStatus =
  | { phase: 'loading'; progress?: LoadProgress }
  | { phase: 'indexing'; done: number; total: number }
  | { phase: 'ready'; vectors: number }
  | { phase: 'error'; message: string };

export interface DenseMemoryOptions {
  db: IDBPDatabase<HearthDB>;
  store: MemoryStore;
  /** Catalog id of the embedding model. */
  modelId: string;
  /** A mirror of the Hugging Face hub; null or absent: the library default. */
  modelHost?: string | null;
  /** Model download progress. */
  onProgress?: (progress: LoadProgress) => void;
  onStatus?: (status: DenseMemoryStatus) => void;
  /** Stops loading (and later, the backfill). */
  signal?: AbortSignal;
  /** Called once the backfill has finished: dense retrieval can join. */
  onReady?: (retrieval: DenseRetrieval) => void;
  /**
   * Makes the embedder (the panel loads `modelId` with transformers.js in the bundled worker).
   * Required: a worker can only be started from the built extension, not from this pure module.
   */
  createEmbedder: (options: {
    modelId: string;
    modelHost: string | null;
    onProgress: (progress: LoadProgress) => void;
    signal?: AbortSignal;
  }) => Promise<DenseEmbedder>;
  batchSize?: number;
}

/** A running dense memory. */
export interface DenseMemory {
  readonly embedderId: string;
  readonly index: VectorIndex;
  /** What the retriever uses: query embeddings and the index. */
  readonly retrieval: DenseRetrieval;
  /** Settles when the first backfill is over (rejects if it failed). */
  readonly backfilled: Promise<void>;
  /** Embeds (or re-embeds) these memories; missing ones are removed from the index. */
  update(ids: readonly string[]): Promise<void>;
  /** Removes these memories' vectors. */
  remove(ids: readonly string[]): Promise<void>;
  /** Makes the index match every stored memory (after an import or a wipe). */
  reconcile(): Promise<void>;
  /** Settles when every write queued so far is done. */
  idle(): Promise<void>;
  /** Stops the backfill and the worker; the vectors stay stored. */
  stop(): void;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Loads the embedder and the index, starts the backfill, and returns at once after loading. */
export async function startDenseMemory(options: DenseMemoryOptions): Promise<DenseMemory> {
  const { db, store, signal } = options;
  const status = options.onStatus ?? (() => {});
  const batchSize = Math.max(1, options.batchSize ?? BACKFILL_BATCH_SIZE);
  status({ phase: 'loading' });
  const embedder = await options.createEmbedder({
    modelId: options.modelId,
    modelHost: options.modelHost ?? null,
    onProgress: (progress) => {
      options.onProgress?.(progress);
      status({ phase: 'loading', progress });
    },
    ...(signal ? { signal } : {}),
  });
  let vectors: VectorStore;
  let index: VectorIndex;
  try {
    signal?.throwIfAborted();
    vectors = createVectorStore(db);
    index = (await vectors.load(embedder.id, embedder.dim)) ?? new VectorIndex(embedder.dim);
    if (index.dim !== embedder.dim) {
      // Stored vectors of another shape under the same id can't be searched: start over.
      await vectors.clear(embedder.id);
      index = new VectorIndex(embedder.dim);
    }
  } catch (error) {
    embedder.dispose?.();
    throw error;
  }

  let stopped = false;
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => (stopped ? (undefined as T) : work()));
    queue = run.catch(() => {});
    return run;
  };
  const onAbort = () => stop();
  signal?.addEventListener('abort', onAbort, { once: true });

  async function embedRecords(records: readonly MemoryRecord[]): Promise<void> {
    for (let start = 0; start < records.length && !stopped; start += batchSize) {
      const batch = records.slice(start, start + batchSize);
      const embedded = await embedder.embed(batch.map(embeddingText));
      if (stopped) return;
      const entries = batch.flatMap((record, i) => {
        const vector = embedded[i];
        return vector ? [{ id: record.id, vector }] : [];
      });
      // Stored first, marked second: a memory marked with this embedder has its vector.
      await vectors.put(embedder.id, entries);
      for (const { id, vector } of entries) index.add(id, vector);
      await store.markEmbedded(
        entries.map((e) => e.id),
        embedder.id,
      );
      if (records.length > batchSize) await yieldToEventLoop();
    }
  }

  async function removeIds(ids: readonly string[]): Promise<void> {
    const present = ids.filter((id) => index.has(id));
    if (present.length === 0) return;
    await vectors.delete(present, embedder.id);
    for (const id of present) index.remove(id);
  }

  async function reconcileNow(report: boolean): Promise<void> {
    const records = await store.list({ includeSuperseded: true });
    const live = new Set(records.map((r) => r.id));
    await removeIds([...index.keys()].filter((id) => !live.has(id)));
    const pending = records.filter((r) => r.embedderId !== embedder.id || !index.has(r.id));
    if (report) status({ phase: 'indexing', done: 0, total: pending.length });
    for (let start = 0; start < pending.length && !stopped; start += batchSize) {
      await embedRecords(pending.slice(start, start + batchSize));
      if (report)
        status({
          phase: 'indexing',
          done: Math.min(pending.length, start + batchSize),
          total: pending.length,
        });
    }
  }

  const queryEmbedder: Embedder = {
    id: embedder.id,
    dim: embedder.dim,
    embed: (texts, opts) => (embedder.embedQueries ?? embedder.embed).call(embedder, texts, opts),
  };
  const retrieval: DenseRetrieval = { embedder: queryEmbedder, searcher: index };

  function stop(): void {
    if (stopped) return;
    stopped = true;
    signal?.removeEventListener('abort', onAbort);
    embedder.dispose?.();
  }

  const backfilled = enqueue(() => reconcileNow(true)).then(
    () => {
      if (stopped) return;
      status({ phase: 'ready', vectors: index.size });
      options.onReady?.(retrieval);
    },
    (error: unknown) => {
      if (!stopped)
        status({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
      throw error;
    },
  );
  // The caller may not wait for the backfill; its failure is reported through onStatus.
  backfilled.catch(() => {});

  return {
    embedderId: embedder.id,
    index,
    retrieval,
    backfilled,
    update: (ids) =>
      enqueue(async () => {
        const records = await store.getMany(ids);
        const gone = ids.filter((_, i) => !records[i]);
        await removeIds(gone);
        await embedRecords(records.filter((r): r is MemoryRecord => r !== undefined));
      }),
    remove: (ids) => enqueue(() => removeIds(ids)),
    reconcile: () => enqueue(() => reconcileNow(false)),
    idle: () => enqueue(() => Promise.resolve()).catch(() => {}),
    stop,
  };
}
