import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import type { ModelRecordLike, WebLlmModelInfo } from './catalog';
import {
  bitsPerWeight,
  DEFAULT_CONTEXT_WINDOW,
  estimateDownloadMB,
  FALLBACK_MAX_MEMORY_MB,
  filterForDevice,
  recommendModel,
  toCatalog,
  toModelInfo,
} from './catalog';
import type { AdapterLike } from './webgpu';
import { classifyAdapter } from './webgpu';

const GiB = 2 ** 30;

function adapter(f16: boolean, fallback = false, maxBinding = GiB): AdapterLike {
  return {
    features: new Set(f16 ? ['shader-f16'] : []),
    limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: maxBinding },
    info: fallback ? { architecture: 'swiftshader', isFallbackAdapter: true } : { architecture: 'ampere' },
  };
}

const swiftshader = classifyAdapter(adapter(false, true));
const gpuF16 = classifyAdapter(adapter(true));
const gpuNoF16 = classifyAdapter(adapter(false));

function record(id: string, extra: Partial<ModelRecordLike> = {}): ModelRecordLike {
  return {
    model: `https://huggingface.co/mlc-ai/${id}`,
    model_id: id,
    model_lib: `https://example.test/${id}.wasm`,
    ...extra,
  };
}

describe('toModelInfo', () => {
  it('maps a record with label, context window, memory and an estimated download', () => {
    const info = toModelInfo(
      record('Llama-3.2-1B-Instruct-q4f16_1-MLC', {
        vram_required_MB: 879.04,
        low_resource_required: true,
        overrides: { context_window_size: 4096 },
      }),
    );
    expect(info).toMatchObject({
      id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
      label: 'Llama 3.2 1B Instruct (q4f16)',
      contextWindow: 4096,
      memoryMB: 880,
      cached: false,
      downloadIsEstimate: true,
      parametersB: 1,
      quantization: 'q4f16_1',
      lowResource: true,
      // Listed without required_features, but f16 activations need f16 shaders all the same.
      requiresShaderF16: true,
    });
    // 1e9 params × 4.5 bits / 8 = 536 MiB, + 10 MB overhead, rounded up to 10 MB.
    expect(info.downloadMB).toBe(550);
  });

  it('falls back to the documented default context window', () => {
    expect(toModelInfo(record('SmolLM2-360M-Instruct-q4f32_1-MLC')).contextWindow).toBe(
      DEFAULT_CONTEXT_WINDOW,
    );
  });

  it('labels the short-context variants and reads sizes in M and underscore forms', () => {
    const short = toModelInfo(
      record('TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC-1k', { overrides: { context_window_size: 1024 } }),
    );
    expect(short.label).toBe('TinyLlama 1.1B Chat v1.0 (q4f32, 1k context)');
    expect(short.contextWindow).toBe(1024);
    expect(toModelInfo(record('SmolLM2-135M-Instruct-q0f16-MLC')).parametersB).toBeCloseTo(0.135);
    expect(toModelInfo(record('stablelm-2-zephyr-1_6b-q4f32_1-MLC')).parametersB).toBeCloseTo(1.6);
    expect(toModelInfo(record('Phi-3.5-mini-instruct-q4f32_1-MLC')).parametersB).toBe(3.8);
  });

  it('leaves the download size out when the id gives no parameter count', () => {
    const info = toModelInfo(record('gemma-4-E2B-it-q4f32_1-MLC'));
    expect(info.downloadMB).toBeUndefined();
    expect(info.parametersB).toBeUndefined();
  });
});

describe('download estimate', () => {
  it('uses weight bits plus one scale per group of 32', () => {
    expect(bitsPerWeight('q4f16_1')).toBe(4.5);
    expect(bitsPerWeight('q4f32_1')).toBe(5);
    expect(bitsPerWeight('q3f16_1')).toBe(3.5);
    expect(bitsPerWeight('q0f16')).toBe(16);
    expect(bitsPerWeight('q0f32')).toBe(32);
    expect(bitsPerWeight('awq')).toBeUndefined();
  });

  it('grows with parameters and bits', () => {
    expect(estimateDownloadMB(8, 'q4f16_1')).toBe(4310); // 8e9 × 4.5 / 8 / 2^20 ≈ 4292, + 10, rounded up
    expect(estimateDownloadMB(0.5, 'q0f32')).toBe(1920);
    expect(estimateDownloadMB(undefined, 'q4f16_1')).toBeUndefined();
  });
});

describe("web-llm's real model list", () => {
  const catalog = toCatalog(prebuiltAppConfig.model_list);

  it('keeps text chat models only', () => {
    expect(catalog.length).toBeGreaterThan(50);
    expect(catalog.some((m) => /embed/i.test(m.id))).toBe(false);
    expect(catalog.some((m) => /vision/i.test(m.id))).toBe(false);
  });

  it('marks every f16 model as needing shader-f16, and no f32 model', () => {
    for (const m of catalog) expect(m.requiresShaderF16, m.id).toBe(/-q\d+f16/.test(m.id));
  });

  it('offers no f16 model on the SwiftShader adapter and warns that it is slow', () => {
    const { models, notice } = filterForDevice(catalog, swiftshader);
    expect(models.length).toBeGreaterThan(0);
    expect(models.some((m) => m.requiresShaderF16)).toBe(false);
    expect(notice).toMatch(/very slowly/);
    for (const m of models.filter((x) => (x.memoryMB ?? 0) > FALLBACK_MAX_MEMORY_MB)) {
      expect(m.unsupportedReason, m.id).toMatch(/software/);
    }
  });

  it('recommends a small f32 instruct model on the SwiftShader adapter', () => {
    const { model, reason } = recommendModel(catalog, swiftshader);
    expect(model?.id).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    expect(reason).toMatch(/Ollama/);
  });

  it('recommends a 3B model on a capable GPU', () => {
    expect(recommendModel(catalog, gpuF16).model?.id).toBe('Llama-3.2-3B-Instruct-q4f16_1-MLC');
    expect(recommendModel(catalog, gpuNoF16).model?.id).toBe('Llama-3.2-3B-Instruct-q4f32_1-MLC');
  });
});

describe('filterForDevice', () => {
  const models: WebLlmModelInfo[] = toCatalog([
    record('Small-1B-Instruct-q4f16_1-MLC', { vram_required_MB: 900 }),
    record('Small-1B-Instruct-q4f32_1-MLC', { vram_required_MB: 1100 }),
    record('Big-8B-Instruct-q4f32_1-MLC', { vram_required_MB: 6000 }),
    record('Wide-2B-it-q4f32_1-MLC', { vram_required_MB: 1700, buffer_size_required_bytes: 262144000 }),
  ]);

  it('offers nothing without WebGPU and gives the reason', () => {
    const none = classifyAdapter(null, { noAdapterReason: 'No WebGPU here.' });
    expect(filterForDevice(models, none)).toEqual({ models: [], notice: 'No WebGPU here.' });
    expect(recommendModel(models, none)).toEqual({ model: null, reason: 'No WebGPU here.' });
  });

  it('keeps everything on a GPU with shader-f16 and no known memory limit', () => {
    const { models: offered, notice } = filterForDevice(models, gpuF16);
    expect(offered.map((m) => m.id)).toEqual(models.map((m) => m.id));
    expect(offered.every((m) => m.unsupportedReason === undefined)).toBe(true);
    expect(notice).toBeUndefined();
  });

  it('drops f16 models when the adapter lacks shader-f16 and says so', () => {
    const { models: offered, notice } = filterForDevice(models, gpuNoF16);
    expect(offered.map((m) => m.id)).not.toContain('Small-1B-Instruct-q4f16_1-MLC');
    expect(notice).toMatch(/16-bit/);
  });

  it('marks models larger than the reported memory allows', () => {
    const smallLaptop = { ...gpuF16, deviceMemoryGB: 4 }; // budget 3 GB
    const big = filterForDevice(models, smallLaptop).models.find(
      (m) => m.id === 'Big-8B-Instruct-q4f32_1-MLC',
    );
    expect(big?.unsupportedReason).toMatch(/memory/);
    // 8 GB is where many browsers cap the value ("8 or more"), so it sets no limit.
    const capped = filterForDevice(models, { ...gpuF16, deviceMemoryGB: 8 });
    expect(
      capped.models.find((m) => m.id === 'Big-8B-Instruct-q4f32_1-MLC')?.unsupportedReason,
    ).toBeUndefined();
  });

  it('marks models needing a larger storage binding than the adapter allows', () => {
    const narrow = classifyAdapter(adapter(true, false, 200 * 2 ** 20));
    const wide = filterForDevice(models, narrow).models.find((m) => m.id === 'Wide-2B-it-q4f32_1-MLC');
    expect(wide?.unsupportedReason).toMatch(/buffer/);
  });

  it('marks everything when the adapter is below what web-llm needs at all', () => {
    const tiny = classifyAdapter(adapter(true, false, 64 * 2 ** 20));
    const { models: offered, notice } = filterForDevice(models, tiny);
    expect(offered.every((m) => m.unsupportedReason)).toBe(true);
    expect(notice).toMatch(/endpoint/);
    expect(recommendModel(models, tiny).model).toBeNull();
  });
});
