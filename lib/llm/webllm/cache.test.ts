import { beforeEach, describe, expect, it } from 'vitest';
import type { CacheLike, CacheStorageLike, ModelLocation, ResponseLike } from './cache';
import { cleanModelUrl, deleteCachedModel, listCachedModels, totalCachedBytes, WEBLLM_CACHES } from './cache';

/** A Map-backed CacheStorage: enough of the Cache API for cache.ts, and it records what it opened. */
class FakeCacheStorage implements CacheStorageLike {
  readonly caches = new Map<string, Map<string, { body: string | number; contentLength: boolean }>>();
  readonly opened: string[] = [];

  put(cache: string, url: string, body: string | number, contentLength = true): void {
    if (!this.caches.has(cache)) this.caches.set(cache, new Map());
    this.caches.get(cache)?.set(url, { body, contentLength });
  }

  urls(cache: string): string[] {
    return [...(this.caches.get(cache)?.keys() ?? [])];
  }

  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }

  async open(name: string): Promise<CacheLike> {
    this.opened.push(name);
    if (!this.caches.has(name)) this.caches.set(name, new Map());
    const entries = this.caches.get(name) ?? new Map();
    return {
      keys: async () => [...entries.keys()].map((url) => ({ url })),
      delete: async (url) => entries.delete(url),
      match: async (url): Promise<ResponseLike | undefined> => {
        const entry = entries.get(url);
        if (!entry) return undefined;
        // A number stands for a binary body of that many bytes; a string is the JSON text.
        const size =
          typeof entry.body === 'number' ? entry.body : new TextEncoder().encode(entry.body).length;
        return {
          headers: {
            get: (h) => (h.toLowerCase() === 'content-length' && entry.contentLength ? String(size) : null),
          },
          blob: async () => ({ size }),
          json: async () => JSON.parse(String(entry.body)) as unknown,
        };
      },
    };
  }
}

const HF = 'https://huggingface.co/mlc-ai';
const LIBS = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base';

const llama: ModelLocation = {
  id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
  modelUrl: `${HF}/Llama-3.2-1B-Instruct-q4f32_1-MLC`,
  modelLib: `${LIBS}/Llama-3.2-1B-Instruct-q4f32_1_cs1k-webgpu.wasm`,
};
const qwen: ModelLocation = {
  id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  modelUrl: `${HF}/Qwen2.5-0.5B-Instruct-q4f32_1-MLC`,
  modelLib: `${LIBS}/Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm`,
};
const qwenCoder: ModelLocation = {
  id: 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC',
  modelUrl: `${HF}/Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC`,
  modelLib: qwen.modelLib, // web-llm reuses one compiled library for both
};
const phi: ModelLocation = {
  id: 'Phi-3.5-mini-instruct-q4f32_1-MLC',
  modelUrl: `${HF}/Phi-3.5-mini-instruct-q4f32_1-MLC`,
  modelLib: `${LIBS}/Phi-3.5-mini-instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm`,
};
const phiShort: ModelLocation = { ...phi, id: 'Phi-3.5-mini-instruct-q4f32_1-MLC-1k' }; // same files

const ALL = [llama, qwen, qwenCoder, phi, phiShort];

/** Stores a model the way web-llm does: config, tokenizer, manifest, shards, wasm. */
function storeModel(
  storage: FakeCacheStorage,
  model: ModelLocation,
  shards: number[],
  stored = shards.length,
): void {
  const base = cleanModelUrl(model.modelUrl);
  const records = shards.map((nbytes, i) => ({ dataPath: `params_shard_${i}.bin`, nbytes }));
  storage.put(WEBLLM_CACHES.config, `${base}mlc-chat-config.json`, '{"context_window_size":4096}');
  storage.put(WEBLLM_CACHES.model, `${base}tokenizer.json`, 2000);
  storage.put(WEBLLM_CACHES.model, `${base}tensor-cache.json`, JSON.stringify({ records }));
  shards
    .slice(0, stored)
    .forEach((nbytes, i) => storage.put(WEBLLM_CACHES.model, `${base}params_shard_${i}.bin`, nbytes));
  storage.put(WEBLLM_CACHES.wasm, model.modelLib, 5000);
}

let storage: FakeCacheStorage;
beforeEach(() => {
  storage = new FakeCacheStorage();
});

describe('cleanModelUrl', () => {
  it('adds resolve/main/ the way web-llm does', () => {
    expect(cleanModelUrl(`${HF}/X-MLC`)).toBe(`${HF}/X-MLC/resolve/main/`);
    expect(cleanModelUrl(`${HF}/X-MLC/`)).toBe(`${HF}/X-MLC/resolve/main/`);
    expect(cleanModelUrl(`${HF}/X-MLC/resolve/v2/`)).toBe(`${HF}/X-MLC/resolve/v2/`);
  });
});

describe('listCachedModels', () => {
  it('lists nothing and creates no cache on a device that never used web-llm', async () => {
    expect(await listCachedModels(storage, ALL)).toEqual([]);
    expect(storage.opened).toEqual([]);
  });

  it('sums every entry of a complete model, its wasm included', async () => {
    storeModel(storage, llama, [30_000_000, 20_000_000]);
    const [entry, ...rest] = await listCachedModels(storage, ALL);
    expect(rest).toEqual([]);
    const config = '{"context_window_size":4096}'.length;
    const manifest = JSON.stringify({
      records: [
        { dataPath: 'params_shard_0.bin', nbytes: 30_000_000 },
        { dataPath: 'params_shard_1.bin', nbytes: 20_000_000 },
      ],
    }).length;
    expect(entry).toEqual({
      id: llama.id,
      sharedWith: [],
      bytes: 50_000_000 + 2000 + 5000 + config + manifest,
      complete: true,
    });
  });

  it('reports a half-finished download as incomplete, with the bytes it already takes', async () => {
    storeModel(storage, qwen, [10_000, 10_000, 10_000], 1);
    const [entry] = await listCachedModels(storage, ALL);
    expect(entry?.id).toBe(qwen.id);
    expect(entry?.complete).toBe(false);
    expect(entry?.bytes).toBeGreaterThan(10_000);
    expect(entry?.bytes).toBeLessThan(20_000 + 10_000);
  });

  it('reads the blob size when a response has no Content-Length', async () => {
    storage.put(WEBLLM_CACHES.model, `${cleanModelUrl(llama.modelUrl)}params_shard_0.bin`, 1234, false);
    expect((await listCachedModels(storage, ALL))[0]?.bytes).toBe(1234);
  });

  it('lists ids that share the same files once, naming the others', async () => {
    storeModel(storage, phi, [100]);
    const entries = await listCachedModels(storage, ALL);
    expect(entries.map((e) => [e.id, e.sharedWith])).toEqual([[phi.id, [phiShort.id]]]);
  });

  it('does not count a model as stored when only its shared wasm is there', async () => {
    storeModel(storage, qwen, [100]);
    expect((await listCachedModels(storage, ALL)).map((e) => e.id)).toEqual([qwen.id]);
  });
});

describe('deleteCachedModel', () => {
  it("removes the model's entries and its wasm, and leaves other models alone", async () => {
    storeModel(storage, llama, [100, 100]);
    storeModel(storage, phi, [100]);
    await deleteCachedModel(storage, llama, ALL);
    const llamaBase = cleanModelUrl(llama.modelUrl);
    for (const cache of Object.values(WEBLLM_CACHES)) {
      expect(storage.urls(cache).some((u) => u.startsWith(llamaBase) || u === llama.modelLib)).toBe(false);
    }
    expect((await listCachedModels(storage, ALL)).map((e) => e.id)).toEqual([phi.id]);
  });

  it('deletes a partial download without needing its manifest', async () => {
    storage.put(WEBLLM_CACHES.model, `${cleanModelUrl(qwen.modelUrl)}params_shard_0.bin`, 100);
    await deleteCachedModel(storage, qwen, ALL);
    expect(await totalCachedBytes(storage)).toBe(0);
  });

  it('keeps a wasm another stored model still uses', async () => {
    storeModel(storage, qwen, [100]);
    storeModel(storage, qwenCoder, [100]);
    await deleteCachedModel(storage, qwen, ALL);
    expect(storage.urls(WEBLLM_CACHES.wasm)).toEqual([qwen.modelLib]);
    await deleteCachedModel(storage, qwenCoder, ALL);
    expect(storage.urls(WEBLLM_CACHES.wasm)).toEqual([]);
  });
});

describe('totalCachedBytes', () => {
  it('counts a shared wasm once', async () => {
    storeModel(storage, qwen, [100]);
    storeModel(storage, qwenCoder, [100]);
    const perModel = (await listCachedModels(storage, ALL)).reduce((sum, e) => sum + e.bytes, 0);
    expect(await totalCachedBytes(storage)).toBe(perModel - 5000);
  });
});
