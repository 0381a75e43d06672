import { describe, expect, it } from 'vitest';
import type { AdapterLike, NavigatorLike } from './webgpu';
import { classifyAdapter, describeGpu, detectWebGpu, NO_ADAPTER_REASON, NO_WEBGPU_REASON } from './webgpu';

const GiB = 2 ** 30;

// What Debian's Chromium reports with --enable-unsafe-webgpu (see TESTING.md).
function swiftshader(): AdapterLike {
  return {
    features: new Set<string>(['float32-filterable']),
    limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB },
    info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
  };
}

function discrete(): AdapterLike {
  return {
    features: new Set<string>(['shader-f16', 'subgroups']),
    limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB },
    info: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060' },
  };
}

describe('classifyAdapter', () => {
  it('reports no adapter as none with a reason', () => {
    const status = classifyAdapter(null);
    expect(status.kind).toBe('none');
    expect(status.kind === 'none' && status.reason).toBe(NO_ADAPTER_REASON);
    expect(status.features.shaderF16).toBe(false);
  });

  it('classifies the SwiftShader adapter as a fallback without shader-f16', () => {
    const status = classifyAdapter(swiftshader());
    expect(status).toMatchObject({
      kind: 'fallback',
      features: { shaderF16: false },
      maxBufferSize: GiB,
      maxStorageBufferBindingSize: GiB,
      vendor: 'google',
      architecture: 'swiftshader',
    });
    // An empty description is left out rather than shown as "".
    expect(status).not.toHaveProperty('description');
  });

  it('treats architecture "swiftshader" as a fallback even without the flag', () => {
    const adapter = swiftshader();
    adapter.info = { vendor: 'google', architecture: 'swiftshader' };
    expect(classifyAdapter(adapter).kind).toBe('fallback');
  });

  it('reads the older adapter.isFallbackAdapter flag', () => {
    const adapter: AdapterLike = { ...discrete(), info: undefined, isFallbackAdapter: true };
    expect(classifyAdapter(adapter).kind).toBe('fallback');
  });

  it('classifies a real GPU with its features and limits', () => {
    expect(classifyAdapter(discrete(), { deviceMemoryGB: 8 })).toEqual({
      kind: 'gpu',
      features: { shaderF16: true },
      maxBufferSize: 4 * GiB,
      maxStorageBufferBindingSize: 2 * GiB,
      vendor: 'nvidia',
      architecture: 'ampere',
      description: 'NVIDIA GeForce RTX 3060',
      deviceMemoryGB: 8,
    });
  });
});

describe('detectWebGpu', () => {
  it('says WebGPU is missing when navigator.gpu is absent', async () => {
    const status = await detectWebGpu({});
    expect(status).toMatchObject({ kind: 'none', reason: NO_WEBGPU_REASON });
  });

  it('says no adapter was found when requestAdapter returns null', async () => {
    const nav: NavigatorLike = { gpu: { requestAdapter: async () => null } };
    expect(await detectWebGpu(nav)).toMatchObject({ kind: 'none', reason: NO_ADAPTER_REASON });
  });

  it('survives requestAdapter rejecting', async () => {
    const nav: NavigatorLike = { gpu: { requestAdapter: () => Promise.reject(new Error('blocked')) } };
    expect((await detectWebGpu(nav)).kind).toBe('none');
  });

  it('asks for the high-performance adapter and passes device memory through', async () => {
    const asked: unknown[] = [];
    const nav: NavigatorLike = {
      deviceMemory: 4,
      gpu: {
        requestAdapter: async (options) => {
          asked.push(options);
          return swiftshader();
        },
      },
    };
    const status = await detectWebGpu(nav);
    expect(asked).toEqual([{ powerPreference: 'high-performance' }]);
    expect(status).toMatchObject({ kind: 'fallback', deviceMemoryGB: 4 });
  });
});

describe('describeGpu', () => {
  it('warns that a software adapter is very slow and points to an endpoint', () => {
    const text = describeGpu(classifyAdapter(swiftshader()));
    expect(text).toMatch(/software/i);
    expect(text).toMatch(/very slowly/);
    expect(text).toMatch(/Ollama/);
  });

  it('names the GPU when it is ready', () => {
    expect(describeGpu(classifyAdapter(discrete()))).toBe('Graphics card ready: NVIDIA GeForce RTX 3060.');
  });

  it('gives the reason when there is no WebGPU', () => {
    expect(describeGpu(classifyAdapter(null, { noAdapterReason: 'nope' }))).toBe('nope');
  });
});
