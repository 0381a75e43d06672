/**
 * The embedding models stored on this device, and removing one. transformers.js keeps every
 * downloaded file in the Cache API cache `env.cacheKey` ('transformers-cache' in v4), keyed
 * by its download URL: `{remoteHost}{modelId}/resolve/{revision}/{file}`. Everything here
 * takes a CacheStorage-like object (`globalThis.caches` by default), so it runs in Node
 * against a small fake.
 */

/** transformers.js's default `env.cacheKey`. */
export const TRANSFORMERS_CACHE_NAME = 'transformers-cache';

/** The part of `Response` read here. */
export interface CachedResponseLike {
  headers: { get(name: string): string | null };
  blob(): Promise<{ size: number }>;
}

/** The part of `Cache` used here. */
export interface ModelCacheLike {
  keys(): Promise<ReadonlyArray<{ url: string }>>;
  match(request: string): Promise<CachedResponseLike | undefined>;
  delete(request: string): Promise<boolean>;
}

/** The part of `CacheStorage` used here. */
export interface ModelCacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<ModelCacheLike>;
}

/** Where to look: the browser's caches under transformers.js's cache name unless told otherwise. */
export interface ModelCacheOptions {
  caches?: ModelCacheStorageLike;
  cacheName?: string;
}

/** A model with files stored on this device. */
export interface CachedEmbeddingModel {
  modelId: string;
  files: number;
  bytes: number;
}

/** Lists every model with files in the cache, largest first. Empty where there is no Cache API. */
export async function listCachedEmbeddingModels(
  options: ModelCacheOptions = {},
): Promise<CachedEmbeddingModel[]> {
  const cache = await openExisting(options);
  if (!cache) return [];
  const models = new Map<string, CachedEmbeddingModel>();
  for (const { url } of await cache.keys()) {
    const modelId = modelIdOf(url);
    if (!modelId) continue;
    const model = models.get(modelId) ?? { modelId, files: 0, bytes: 0 };
    model.files += 1;
    model.bytes += await sizeOf(cache, url);
    models.set(modelId, model);
  }
  return [...models.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Deletes every stored file of `modelId` (from any host) and says how much space that freed. */
export async function removeCachedModel(
  modelId: string,
  options: ModelCacheOptions = {},
): Promise<{ filesDeleted: number; bytesFreed: number }> {
  const cache = await openExisting(options);
  let filesDeleted = 0;
  let bytesFreed = 0;
  if (!cache) return { filesDeleted, bytesFreed };
  for (const { url } of await cache.keys()) {
    if (modelIdOf(url) !== modelId) continue;
    const bytes = await sizeOf(cache, url);
    if (await cache.delete(url)) {
      filesDeleted += 1;
      bytesFreed += bytes;
    }
  }
  return { filesDeleted, bytesFreed };
}

/** The model id in a transformers.js download URL ('org/name' before '/resolve/'), or null. */
export function modelIdOf(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match =
    /^\/(?:.*\/)?([^/]+\/[^/]+)\/resolve\/[^/]+\/.+$/.exec(path) ??
    /^\/([^/]+)\/resolve\/[^/]+\/.+$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

async function openExisting(options: ModelCacheOptions): Promise<ModelCacheLike | null> {
  const storage = options.caches ?? (globalThis as { caches?: ModelCacheStorageLike }).caches;
  const name = options.cacheName ?? TRANSFORMERS_CACHE_NAME;
  if (!storage || !(await storage.has(name))) return null;
  return storage.open(name);
}

async function sizeOf(cache: ModelCacheLike, url: string): Promise<number> {
  const response = await cache.match(url);
  if (!response) return 0;
  const length = Number(response.headers.get('content-length'));
  // Blob sizes come from metadata in browsers: the body is not read into memory.
  return Number.isFinite(length) && length > 0 ? length : (await response.blob()).size;
}
