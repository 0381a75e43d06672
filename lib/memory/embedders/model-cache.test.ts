import { describe, expect, it } from 'vitest';
import {
  TRANSFORMERS_CACHE_NAME,
  listCachedEmbeddingModels,
  modelIdOf,
  removeCachedModel,
  type ModelCacheLike,
  type ModelCacheStorageLike,
} from './model-cache';

/** A CacheStorage with one cache of fake responses: url → size (with or without content-length). */
function fakeCaches(
  entries: Record<string, { size: number; header?: boolean }>,
  name = TRANSFORMERS_CACHE_NAME,
) {
  const store = new Map(Object.entries(entries));
  const cache: ModelCacheLike = {
    async keys() {
      return [...store.keys()].map((url) => ({ url }));
    },
    async match(url) {
      const entry = store.get(url);
      if (!entry) return undefined;
      return {
        headers: {
          get: (h: string) => (h === 'content-length' && entry.header !== false ? String(entry.size) : null),
        },
        blob: async () => ({ size: entry.size }),
      };
    },
    async delete(url) {
      return store.delete(url);
    },
  };
  const storage: ModelCacheStorageLike = {
    has: async (n) => n === name,
    open: async () => cache,
  };
  return { storage, store };
}

const HF = 'https://huggingface.co/';

describe('modelIdOf', () => {
  it('reads org/name before /resolve/, with or without a path prefix on the host', () => {
    expect(modelIdOf(`${HF}Xenova/bge-small-en-v1.5/resolve/main/onnx/model_quantized.onnx`)).toBe(
      'Xenova/bge-small-en-v1.5',
    );
    expect(modelIdOf('http://127.0.0.1:8123/hub/hearth-test/tiny/resolve/main/config.json')).toBe(
      'hearth-test/tiny',
    );
    expect(modelIdOf(`${HF}gpt2/resolve/main/config.json`)).toBe('gpt2');
    expect(modelIdOf('https://cdn.example/ort-wasm-simd-threaded.asyncify.wasm')).toBeNull();
    expect(modelIdOf('not a url')).toBeNull();
  });
});

describe('listCachedEmbeddingModels / removeCachedModel', () => {
  const files = {
    [`${HF}Xenova/bge-small-en-v1.5/resolve/main/config.json`]: { size: 700 },
    [`${HF}Xenova/bge-small-en-v1.5/resolve/main/tokenizer.json`]: { size: 700_000, header: false },
    [`${HF}Xenova/bge-small-en-v1.5/resolve/main/onnx/model_quantized.onnx`]: { size: 34_000_000 },
    [`${HF}Xenova/all-MiniLM-L6-v2/resolve/main/config.json`]: { size: 600 },
    'http://127.0.0.1:9/Xenova/all-MiniLM-L6-v2/resolve/main/config.json': { size: 600 },
  };

  it('lists models with files and bytes, largest first', async () => {
    const { storage } = fakeCaches(files);
    expect(await listCachedEmbeddingModels({ caches: storage })).toEqual([
      { modelId: 'Xenova/bge-small-en-v1.5', files: 3, bytes: 34_700_700 },
      { modelId: 'Xenova/all-MiniLM-L6-v2', files: 2, bytes: 1200 },
    ]);
  });

  it('removes every file of one model, from any host, and reports the bytes freed', async () => {
    const { storage, store } = fakeCaches(files);
    expect(await removeCachedModel('Xenova/all-MiniLM-L6-v2', { caches: storage })).toEqual({
      filesDeleted: 2,
      bytesFreed: 1200,
    });
    expect(store.size).toBe(3);
    expect(await removeCachedModel('Xenova/all-MiniLM-L6-v2', { caches: storage })).toEqual({
      filesDeleted: 0,
      bytesFreed: 0,
    });
  });

  it('is empty where the cache does not exist or there is no Cache API (Node)', async () => {
    const { storage } = fakeCaches(files, 'other-cache');
    expect(await listCachedEmbeddingModels({ caches: storage })).toEqual([]);
    expect(await listCachedEmbeddingModels()).toEqual([]);
    expect(await removeCachedModel('Xenova/bge-small-en-v1.5')).toEqual({ filesDeleted: 0, bytesFreed: 0 });
  });
});
