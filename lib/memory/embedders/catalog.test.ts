import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMBEDDING_MODEL_ID,
  DEFAULT_MULTILINGUAL_EMBEDDING_MODEL_ID,
  EMBEDDING_MODELS,
  chooseRuntime,
  embedderId,
  findEmbeddingModel,
} from './catalog';

describe('embedding catalog', () => {
  it('offers a default English and a default multilingual model, all 384-d and normalised', () => {
    expect(findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)?.languages).toBe('en');
    expect(findEmbeddingModel(DEFAULT_MULTILINGUAL_EMBEDDING_MODEL_ID)?.languages).toBe('multilingual');
    expect(new Set(EMBEDDING_MODELS.map((m) => m.id)).size).toBe(EMBEDDING_MODELS.length);
    for (const model of EMBEDDING_MODELS) {
      expect(model.dim).toBe(384);
      expect(model.normalize).toBe(true);
      expect(model.downloadMB[model.dtype]).toBeGreaterThan(0);
      if (model.webgpuDtype) expect(model.downloadMB[model.webgpuDtype]).toBeGreaterThan(0);
    }
  });

  it('gives E5 its query/passage prefixes', () => {
    expect(findEmbeddingModel('Xenova/multilingual-e5-small')?.prefixes).toEqual({
      query: 'query: ',
      passage: 'passage: ',
    });
  });

  it('names an embedder by model and weights', () => {
    expect(embedderId('Xenova/all-MiniLM-L6-v2', 'q8')).toBe('Xenova/all-MiniLM-L6-v2@q8');
  });
});

describe('chooseRuntime', () => {
  const gpuFriendly = { dtype: 'q8', webgpuDtype: 'fp32' } as const;
  const quantizedOnly = { dtype: 'q8' } as const;
  const realGpu = { isFallbackAdapter: false };
  const swiftshader = { isFallbackAdapter: true };

  it('auto: WebGPU with a real adapter and GPU-friendly weights', () => {
    expect(chooseRuntime(gpuFriendly, 'auto', realGpu)).toEqual({ device: 'webgpu', dtype: 'fp32' });
  });

  it('auto: WebAssembly without WebGPU, with a fallback adapter, or for quantized-only models', () => {
    expect(chooseRuntime(gpuFriendly, 'auto', null)).toEqual({ device: 'wasm', dtype: 'q8' });
    expect(chooseRuntime(gpuFriendly, 'auto', swiftshader)).toEqual({ device: 'wasm', dtype: 'q8' });
    expect(chooseRuntime(quantizedOnly, 'auto', realGpu)).toEqual({ device: 'wasm', dtype: 'q8' });
  });

  it('explicit choices are honoured; webgpu without any adapter falls back to wasm', () => {
    expect(chooseRuntime(gpuFriendly, 'wasm', realGpu)).toEqual({ device: 'wasm', dtype: 'q8' });
    expect(chooseRuntime(gpuFriendly, 'cpu', null)).toEqual({ device: 'cpu', dtype: 'q8' });
    expect(chooseRuntime(gpuFriendly, 'webgpu', swiftshader)).toEqual({ device: 'webgpu', dtype: 'fp32' });
    expect(chooseRuntime(quantizedOnly, 'webgpu', realGpu)).toEqual({ device: 'webgpu', dtype: 'q8' });
    expect(chooseRuntime(gpuFriendly, 'webgpu', null)).toEqual({ device: 'wasm', dtype: 'q8' });
  });
});
