/**
 * What web-llm has stored on this device, and deleting it. web-llm (Cache API backend, the
 * default and the one Hearth uses) keeps three caches: 'webllm/model' (tensor-cache.json,
 * the weight shards and the tokenizer, keyed by URLs under the model's URL),
 * 'webllm/config' (mlc-chat-config.json and the optional manifest, same prefix) and
 * 'webllm/wasm' (the compiled model library, keyed by its URL). Everything here takes a
 * CacheStorage-like object, so it runs in Node against a small fake.
 */

/** The Cache API caches web-llm writes to. */
export const WEBLLM_CACHES = { model: 'webllm/model', config: 'webllm/config', wasm: 'webllm/wasm' } as const;

/** The part of `Response` read here. */
export interface ResponseLike {
  headers: { get(name: string): string | null };
  blob(): Promise<{ size: number }>;
  json(): Promise<unknown>;
}

/** The part of `Cache` used here. */
export interface CacheLike {
  keys(): Promise<ReadonlyArray<{ url: string }>>;
  match(request: string): Promise<ResponseLike | undefined>;
  delete(request: string): Promise<boolean>;
}

/** The part of `CacheStorage` used here (`globalThis.caches` fits). */
export interface CacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<CacheLike>;
}

/** Where a model's files live: its id, download URL and wasm URL (a WebLlmModelInfo fits). */
export interface ModelLocation {
  id: string;
  modelUrl: string;
  modelLib: string;
}

/** A model with files on this device. */
export interface CachedModel {
  id: string;
  /** Other catalog ids that use the very same files (web-llm's "-1k" variants share weights and wasm). */
  sharedWith: string[];
  /** Bytes its entries take, its wasm included (a wasm shared with another download counts for both). */
  bytes: number;
  /** True when the manifest and every weight shard are stored: loading needs no network. */
  complete: boolean;
}

/** Normalizes a model URL the way web-llm does (`cleanModelUrl`): trailing slash and "resolve/main/" for Hugging Face repos. */
export function cleanModelUrl(modelUrl: string): string {
  let url = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url).href;
}

/** Lists the models with any file stored, with the bytes they use, one entry per set of files. */
export async function listCachedModels(
  storage: CacheStorageLike,
  models: readonly ModelLocation[],
): Promise<CachedModel[]> {
  const snapshot = await readSnapshot(storage);
  const result: CachedModel[] = [];
  for (const [prefix, group] of groupByUrl(models)) {
    const own = ownEntries(snapshot, prefix);
    if (own.length === 0) continue; // a wasm alone is shared library code, not this model's download
    const libs = new Set(group.map((m) => m.modelLib));
    const wasm = snapshot.wasm.filter((e) => libs.has(e.url));
    let bytes = 0;
    for (const entry of [...own, ...wasm]) bytes += await entrySize(entry);
    const [first, ...rest] = group;
    if (!first) continue;
    result.push({
      id: first.id,
      sharedWith: rest.map((m) => m.id),
      bytes,
      complete: await isComplete(snapshot.model, prefix),
    });
  }
  return result;
}

/** Sum of every web-llm cache entry, each counted once (what "space used" should show in total). */
export async function totalCachedBytes(storage: CacheStorageLike): Promise<number> {
  const snapshot = await readSnapshot(storage);
  let bytes = 0;
  for (const entry of [...snapshot.model, ...snapshot.config, ...snapshot.wasm])
    bytes += await entrySize(entry);
  return bytes;
}

/**
 * Deletes every stored file of `model` (and so of the ids sharing its files), partial
 * downloads included. A wasm is kept while a model with other files still uses it. We walk
 * the caches ourselves instead of calling web-llm's `deleteModelAllInfoInCache`, because
 * that one re-downloads tensor-cache.json when it is missing, so a half-finished download
 * couldn't be deleted offline.
 */
export async function deleteCachedModel(
  storage: CacheStorageLike,
  model: ModelLocation,
  allModels: readonly ModelLocation[] = [],
): Promise<void> {
  const prefix = cleanModelUrl(model.modelUrl);
  const snapshot = await readSnapshot(storage);
  for (const entry of ownEntries(snapshot, prefix)) await entry.cache.delete(entry.url);
  const group = [model, ...allModels.filter((m) => cleanModelUrl(m.modelUrl) === prefix)];
  for (const lib of new Set(group.map((m) => m.modelLib))) {
    const stillUsed = allModels.some((other) => {
      const otherPrefix = cleanModelUrl(other.modelUrl);
      return other.modelLib === lib && otherPrefix !== prefix && ownEntries(snapshot, otherPrefix).length > 0;
    });
    if (stillUsed) continue;
    for (const entry of snapshot.wasm.filter((e) => e.url === lib)) await entry.cache.delete(entry.url);
  }
}

interface Entry {
  url: string;
  cache: CacheLike;
}

type Snapshot = Record<keyof typeof WEBLLM_CACHES, Entry[]>;

function ownEntries(snapshot: Snapshot, prefix: string): Entry[] {
  return [...snapshot.model, ...snapshot.config].filter((e) => e.url.startsWith(prefix));
}

function groupByUrl(models: readonly ModelLocation[]): Map<string, ModelLocation[]> {
  const groups = new Map<string, ModelLocation[]>();
  for (const model of models) {
    const prefix = cleanModelUrl(model.modelUrl);
    groups.set(prefix, [...(groups.get(prefix) ?? []), model]);
  }
  return groups;
}

async function readSnapshot(storage: CacheStorageLike): Promise<Snapshot> {
  const read = async (name: string): Promise<Entry[]> => {
    // open() would create an empty cache; has() keeps a device that never used web-llm clean.
    if (!(await storage.has(name))) return [];
    const cache = await storage.open(name);
    return (await cache.keys()).map((request) => ({ url: request.url, cache }));
  };
  return {
    model: await read(WEBLLM_CACHES.model),
    config: await read(WEBLLM_CACHES.config),
    wasm: await read(WEBLLM_CACHES.wasm),
  };
}

// Content-Length is exact for the weight shards (binary, not re-encoded) and avoids reading
// hundreds of megabytes; the blob size is the fallback when the header is missing.
async function entrySize(entry: Entry): Promise<number> {
  const response = await entry.cache.match(entry.url);
  if (!response) return 0;
  const header = Number(response.headers.get('content-length'));
  if (Number.isFinite(header) && header > 0) return header;
  return (await response.blob()).size;
}

// Mirrors web-llm's hasTensorInCache: the manifest is stored and every shard it lists is too.
async function isComplete(modelEntries: readonly Entry[], prefix: string): Promise<boolean> {
  const manifest = modelEntries.find((e) => e.url.startsWith(prefix) && e.url.endsWith('/tensor-cache.json'));
  if (!manifest) return false;
  const response = await manifest.cache.match(manifest.url);
  const body = (await response?.json().catch(() => undefined)) as
    { records?: Array<{ dataPath?: unknown }> } | undefined;
  if (!Array.isArray(body?.records)) return false;
  const stored = new Set(modelEntries.map((e) => e.url));
  return body.records.every(
    (record) =>
      typeof record.dataPath === 'string' && stored.has(new URL(record.dataPath, manifest.url).href),
  );
}
