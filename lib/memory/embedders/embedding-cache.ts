/**
 * Each text is embedded once: vectors are kept by a content key (SHA-256 of embedder id and
 * text) in a pluggable store, only the misses go to the model, in batches, and a text that
 * another call is already embedding is waited for rather than embedded twice.
 */

/** One stored vector. */
export interface EmbeddingCacheEntry {
  key: string;
  vector: Float32Array;
}

/** Where vectors are kept by content key: in memory here; IndexedDB in the extension. */
export interface EmbeddingCacheStore {
  /** The stored vectors of those keys that have one. */
  get(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  put(entries: readonly EmbeddingCacheEntry[]): Promise<void>;
}

/** The content key of a text for an embedder: hex SHA-256 of `${embedderId}\0${text}`. */
export async function contentKey(embedderId: string, text: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${embedderId}\u0000${text}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** An in-memory store that forgets the least recently used vectors beyond `maxEntries`. */
export interface MemoryEmbeddingStore extends EmbeddingCacheStore {
  readonly size: number;
  clear(): void;
}

export function createMemoryEmbeddingStore(options: { maxEntries?: number } = {}): MemoryEmbeddingStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const vectors = new Map<string, Float32Array>(); // insertion order = recency
  return {
    get size() {
      return vectors.size;
    },
    async get(keys) {
      const found = new Map<string, Float32Array>();
      for (const key of keys) {
        const vector = vectors.get(key);
        if (!vector) continue;
        vectors.delete(key);
        vectors.set(key, vector);
        found.set(key, vector);
      }
      return found;
    },
    async put(entries) {
      for (const { key, vector } of entries) {
        vectors.delete(key);
        vectors.set(key, vector);
      }
      for (const oldest of vectors.keys()) {
        if (vectors.size <= maxEntries) break;
        vectors.delete(oldest);
      }
    },
    clear() {
      vectors.clear();
    },
  };
}

/** Options of `cachedEmbedder`. */
export interface CachedEmbedOptions {
  embedderId: string;
  /** Vector length; a stored vector of another length is treated as missing. */
  dim: number;
  store: EmbeddingCacheStore;
  /** Most texts per call of `embedBatch`. */
  batchSize: number;
}

/** Embeds texts through the cache; same order as `texts`, each vector a fresh copy. */
export type CachedEmbed = (texts: readonly string[], signal?: AbortSignal) => Promise<Float32Array[]>;

interface Pending {
  text: string;
  resolve(vector: Float32Array): void;
  reject(reason: unknown): void;
}

/**
 * Wraps a batch embedder with the content-key cache. An aborted call returns at once; the
 * batch already running still finishes and is stored, later batches of that call are not sent.
 */
export function cachedEmbedder(
  embedBatch: (texts: string[]) => Promise<Float32Array[]>,
  options: CachedEmbedOptions,
): CachedEmbed {
  const { embedderId, dim, store, batchSize } = options;
  const inflight = new Map<string, Promise<Float32Array>>();

  function claim(key: string, text: string): Pending {
    let pending: Pending | undefined;
    const promise = new Promise<Float32Array>((resolve, reject) => {
      pending = {
        text,
        resolve: (vector) => {
          inflight.delete(key);
          resolve(vector);
        },
        reject: (reason) => {
          inflight.delete(key);
          reject(reason);
        },
      };
    });
    promise.catch(() => undefined); // a claim nobody else waits for must not be an unhandled rejection
    inflight.set(key, promise);
    if (!pending) throw new Error('unreachable: Promise executors run synchronously');
    return pending;
  }

  async function produce(mine: Map<string, Pending>, signal: AbortSignal | undefined): Promise<void> {
    if (mine.size === 0) return;
    const stored = await store.get([...mine.keys()]).catch((error: unknown) => {
      console.warn('Hearth: embedding cache unreadable, embedding again', error);
      return new Map<string, Float32Array>();
    });
    const missing: string[] = [];
    for (const [key, pending] of mine) {
      const vector = stored.get(key);
      if (vector && vector.length === dim) pending.resolve(vector);
      else missing.push(key);
    }
    const failRest = (from: number, reason: unknown) => {
      for (const key of missing.slice(from)) mine.get(key)?.reject(reason);
    };
    for (let start = 0; start < missing.length; start += batchSize) {
      if (signal?.aborted) {
        failRest(start, signal.reason);
        throw signal.reason;
      }
      const keys = missing.slice(start, start + batchSize);
      let vectors: Float32Array[];
      try {
        vectors = await embedBatch(keys.map((key) => mine.get(key)?.text ?? ''));
        if (vectors.length !== keys.length)
          throw new Error(`Got ${vectors.length} vectors for ${keys.length} texts.`);
      } catch (error) {
        failRest(start, error);
        throw error;
      }
      const entries = keys.map((key, i) => ({ key, vector: vectors[i] ?? new Float32Array(dim) }));
      for (const { key, vector } of entries) mine.get(key)?.resolve(vector);
      await store
        .put(entries)
        .catch((error: unknown) => console.warn('Hearth: could not store embeddings', error));
    }
  }

  async function resolveAll(
    textByKey: Map<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    // Loops only when another call we waited for gave up (aborted or failed): then we embed those ourselves.
    while (found.size < textByKey.size) {
      signal?.throwIfAborted();
      const mine = new Map<string, Pending>();
      const waits: Promise<unknown>[] = [];
      for (const [key, text] of textByKey) {
        if (found.has(key)) continue;
        const running = inflight.get(key);
        if (running)
          waits.push(
            running.then(
              (vector) => found.set(key, vector),
              () => undefined,
            ),
          );
        else mine.set(key, claim(key, text));
      }
      for (const [key, pending] of mine) {
        const { resolve } = pending;
        pending.resolve = (vector) => {
          found.set(key, vector);
          resolve(vector);
        };
      }
      await Promise.all([produce(mine, signal), ...waits]);
    }
    return found;
  }

  return async (texts, signal) => {
    signal?.throwIfAborted();
    const keys = await Promise.all(texts.map((text) => contentKey(embedderId, text)));
    const textByKey = new Map<string, string>();
    keys.forEach((key, i) => textByKey.set(key, texts[i] ?? ''));
    const found = await raceAbort(resolveAll(textByKey, signal), signal);
    return keys.map((key) => {
      const vector = found.get(key);
      if (!vector) throw new Error('unreachable: every key was resolved');
      return new Float32Array(vector);
    });
  };
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the promise keeps running). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  promise.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
