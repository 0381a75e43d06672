import { describe, expect, it, vi } from 'vitest';
import type { GpuProbe } from './catalog';
import {
  createEmbedRequestHandler,
  type EmbedHandlerDeps,
  type Extractor,
  type LoadPlan,
  type RawProgress,
} from './embed-handler';
import type { WorkerResponse } from './embed-protocol';

const MODEL = {
  id: 'org/model',
  pooling: 'mean',
  normalize: true,
  dtype: 'q8',
  webgpuDtype: 'fp32',
} as const;

function fakeExtractor(
  dim = 3,
  output?: (texts: string[]) => { data: ArrayLike<number>; dims: number[] },
): Extractor {
  return {
    run: async (texts) =>
      output?.(texts) ?? { data: new Float32Array(texts.length * dim).fill(0.5), dims: [texts.length, dim] },
    dispose: vi.fn(async () => undefined),
  };
}

function setup(
  options: {
    gpu?: GpuProbe | null;
    load?: (plan: LoadPlan, progress: (e: RawProgress) => void) => Promise<Extractor>;
  } = {},
) {
  const plans: LoadPlan[] = [];
  const deps: EmbedHandlerDeps = {
    probeGpu: async () => options.gpu ?? null,
    async loadExtractor(plan, onProgress) {
      plans.push(plan);
      return options.load ? options.load(plan, onProgress) : fakeExtractor();
    },
  };
  const handle = createEmbedRequestHandler(deps);
  const replies: WorkerResponse[] = [];
  const transfers: Transferable[][] = [];
  const send = (message: unknown) =>
    handle(message, (reply, transfer) => {
      replies.push(reply);
      if (transfer) transfers.push(transfer);
    });
  return { send, replies, plans, transfers };
}

const load = (device: 'auto' | 'webgpu' | 'wasm' | 'cpu' = 'auto', requestId = 1) => ({
  kind: 'load',
  requestId,
  model: MODEL,
  device,
});

describe('createEmbedRequestHandler', () => {
  it('answers a malformed request with invalid-request, keeping its id when it can', async () => {
    const { send, replies } = setup();
    await send({ kind: 'embed', requestId: 7, texts: [] });
    await send('nonsense');
    await send({
      kind: 'load',
      requestId: 8,
      model: MODEL,
      device: 'auto',
      remoteHost: 'javascript:alert(1)',
    });
    expect(replies).toMatchObject([
      { kind: 'error', requestId: 7, code: 'invalid-request' },
      { kind: 'error', requestId: null, code: 'invalid-request' },
      {
        kind: 'error',
        requestId: 8,
        code: 'invalid-request',
        message: expect.stringContaining('remoteHost'),
      },
    ]);
  });

  it('refuses to embed before a model is loaded', async () => {
    const { send, replies } = setup();
    await send({ kind: 'embed', requestId: 1, texts: ['a'] });
    expect(replies).toEqual([
      { kind: 'error', requestId: 1, code: 'not-loaded', message: expect.any(String) },
    ]);
  });

  it('loads on WebAssembly by default and embeds into one transferred buffer', async () => {
    const { send, replies, plans, transfers } = setup();
    await send(load());
    await send({ kind: 'embed', requestId: 2, texts: ['a', 'b'] });
    expect(plans).toEqual([
      { modelId: 'org/model', device: 'wasm', dtype: 'q8', pooling: 'mean', normalize: true },
    ]);
    expect(replies[0]).toEqual({ kind: 'loaded', requestId: 1, device: 'wasm', dtype: 'q8' });
    expect(replies[1]).toMatchObject({ kind: 'embedded', requestId: 2, dim: 3 });
    const embedded = replies[1] as Extract<WorkerResponse, { kind: 'embedded' }>;
    expect(embedded.vectors).toHaveLength(6);
    expect(transfers[0]).toEqual([embedded.vectors.buffer]);
  });

  it('takes WebGPU with a real adapter, and passes the remote host on', async () => {
    const { send, replies, plans } = setup({ gpu: { isFallbackAdapter: false } });
    await send({ ...load(), remoteHost: 'http://127.0.0.1:5555/' });
    expect(plans[0]).toMatchObject({ device: 'webgpu', dtype: 'fp32', remoteHost: 'http://127.0.0.1:5555/' });
    expect(replies[0]).toEqual({ kind: 'loaded', requestId: 1, device: 'webgpu', dtype: 'fp32' });
  });

  it('stays on WebAssembly with a fallback (software) adapter', async () => {
    const { send, plans } = setup({ gpu: { isFallbackAdapter: true } });
    await send(load());
    expect(plans[0]).toMatchObject({ device: 'wasm', dtype: 'q8' });
  });

  it('falls back to WebAssembly when the WebGPU session fails', async () => {
    const { send, replies, plans } = setup({
      gpu: { isFallbackAdapter: false },
      load: async (plan) => {
        if (plan.device === 'webgpu') throw new Error('no kernel for MatMulInteger');
        return fakeExtractor();
      },
    });
    await send(load());
    expect(plans.map((p) => p.device)).toEqual(['webgpu', 'wasm']);
    expect(replies[0]).toEqual({
      kind: 'loaded',
      requestId: 1,
      device: 'wasm',
      dtype: 'q8',
      fellBackFrom: 'webgpu',
    });
  });

  it('reports missing files as model-not-found, without a pointless fallback', async () => {
    const notFound = Object.assign(new Error('file was not found locally at "/x/config.json"'), {
      name: 'ModelFileNotFoundError',
    });
    const { send, replies, plans } = setup({
      gpu: { isFallbackAdapter: false },
      load: async () => Promise.reject(notFound),
    });
    await send(load());
    expect(plans).toHaveLength(1);
    expect(replies).toEqual([
      {
        kind: 'error',
        requestId: 1,
        code: 'model-not-found',
        message: expect.stringContaining('"org/model"'),
      },
    ]);
  });

  it('reports other load failures as load-failed', async () => {
    const { send, replies } = setup({
      load: async () => Promise.reject(new Error('protobuf parsing failed')),
    });
    await send(load('wasm'));
    expect(replies).toEqual([
      {
        kind: 'error',
        requestId: 1,
        code: 'load-failed',
        message: expect.stringContaining('protobuf parsing failed'),
      },
    ]);
  });

  it('turns a wrong output shape or NaN into embed-failed', async () => {
    let output = { data: new Float32Array(3), dims: [1, 3] };
    const { send, replies } = setup({ load: async () => fakeExtractor(3, () => output) });
    await send(load());
    await send({ kind: 'embed', requestId: 2, texts: ['a', 'b'] });
    output = { data: Float32Array.of(NaN, 0, 0), dims: [1, 3] };
    await send({ kind: 'embed', requestId: 3, texts: ['a'] });
    expect(replies.slice(1)).toMatchObject([
      {
        kind: 'error',
        requestId: 2,
        code: 'embed-failed',
        message: expect.stringContaining('[1, 3] for 2 texts'),
      },
      { kind: 'error', requestId: 3, code: 'embed-failed', message: expect.stringContaining('NaN') },
    ]);
  });

  it('reports download progress per file and overall, thinned out', async () => {
    const { send, replies } = setup({
      load: async (_plan, progress) => {
        progress({ status: 'initiate', file: 'config.json' });
        progress({ status: 'progress', file: 'config.json', loaded: 100, total: 100 });
        for (let loaded = 0; loaded <= 10_000; loaded += 10)
          progress({ status: 'progress', file: 'onnx/model.onnx', loaded, total: 10_000 });
        progress({ status: 'done', file: 'onnx/model.onnx' });
        return fakeExtractor();
      },
    });
    await send(load());
    const progress = replies.filter((r) => r.kind === 'progress').map((r) => r.progress);
    expect(progress.length).toBeGreaterThan(50);
    expect(progress.length).toBeLessThan(300); // of 1,002 raw events
    expect(progress[0]).toEqual({
      file: 'config.json',
      loaded: 100,
      total: 100,
      fraction: 1,
      overall: { loaded: 100, total: 100, fraction: 1 },
    });
    expect(progress.at(-1)).toEqual({
      file: 'onnx/model.onnx',
      loaded: 10_000,
      total: 10_000,
      fraction: 1,
      overall: { loaded: 10_100, total: 10_100, fraction: 1 },
    });
    expect(replies.at(-1)).toMatchObject({ kind: 'loaded' });
  });

  it("prefers the library's overall totals, which know every file from the start", async () => {
    const { send, replies } = setup({
      load: async (_plan, progress) => {
        progress({ status: 'progress_total', loaded: 100, total: 10_100 });
        progress({ status: 'progress', file: 'config.json', loaded: 100, total: 100 });
        progress({ status: 'progress_total', loaded: 5_100, total: 10_100 });
        progress({ status: 'progress', file: 'onnx/model.onnx', loaded: 5_000, total: 10_000 });
        return fakeExtractor();
      },
    });
    await send(load());
    const overall = replies.flatMap((r) => (r.kind === 'progress' ? [r.progress.overall] : []));
    expect(overall).toEqual([
      { loaded: 100, total: 10_100, fraction: 100 / 10_100 },
      { loaded: 5_100, total: 10_100, fraction: 5_100 / 10_100 },
    ]);
  });

  it('runs requests one at a time, in order, and unloads', async () => {
    let release: () => void = () => {};
    const extractor = fakeExtractor();
    const { send, replies } = setup({
      load: () =>
        new Promise((resolve) => {
          release = () => resolve(extractor);
        }),
    });
    const loading = send(load());
    const embedding = send({ kind: 'embed', requestId: 2, texts: ['a'] }); // queued behind the load
    await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([loading, embedding]);
    await send({ kind: 'unload', requestId: 3 });
    await send({ kind: 'embed', requestId: 4, texts: ['a'] });
    expect(replies.map((r) => [r.kind, r.requestId])).toEqual([
      ['loaded', 1],
      ['embedded', 2],
      ['unloaded', 3],
      ['error', 4],
    ]);
    expect(extractor.dispose).toHaveBeenCalledOnce();
  });

  it('survives a reply that cannot be posted', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handle = createEmbedRequestHandler({
      probeGpu: async () => null,
      loadExtractor: async () => fakeExtractor(),
    });
    await expect(
      handle(load(), () => {
        throw new Error('DataCloneError');
      }),
    ).resolves.toBeUndefined();
    const replies: WorkerResponse[] = [];
    await handle({ kind: 'embed', requestId: 2, texts: ['a'] }, (r) => replies.push(r));
    expect(replies[0]).toMatchObject({ kind: 'embedded' });
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});
