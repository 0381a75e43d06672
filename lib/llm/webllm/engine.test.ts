import { estimateTokens } from '../token-estimate';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PromptMessage } from '../engine';
import { EngineError } from '../errors';
import type { CacheStorageLike } from './cache';
import type { ModelRecordLike } from './catalog';
import type { MlcClient, WorkerLike } from './engine';
import { createWebLlmEngine } from './engine';
import type { GpuStatus } from './webgpu';
import { classifyAdapter } from './webgpu';

const GiB = 2 ** 30;
const gpu = classifyAdapter({
  features: new Set(['shader-f16']),
  limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: GiB },
  info: { architecture: 'ampere' },
});
const swiftshader = classifyAdapter({
  features: new Set<string>(),
  limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB },
  info: { architecture: 'swiftshader', isFallbackAdapter: true },
});
const noGpu = classifyAdapter(null, { noAdapterReason: 'No WebGPU in this browser.' });

const F32 = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const F16 = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const MODELS: ModelRecordLike[] = [F32, F16].map((id) => ({
  model: `https://huggingface.co/mlc-ai/${id}`,
  model_id: id,
  model_lib: `https://example.test/${id}.wasm`,
  vram_required_MB: 1000,
  overrides: { context_window_size: 2048 },
}));
const MESSAGES: PromptMessage[] = [{ role: 'user', content: 'Hi' }];

type Chunk = { choices: Array<{ delta?: { content?: string | null } }> };
type Request = Parameters<MlcClient['chat']['completions']['create']>[0];

class FakeWorker implements WorkerLike {
  terminated = false;
  private listeners: Array<(event: { message?: string }) => void> = [];
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(_type: 'error', listener: (event: { message?: string }) => void): void {
    this.listeners.push(listener);
  }
  crash(message: string): void {
    for (const listener of this.listeners) listener({ message });
  }
}

/** How every fake client behaves; tests replace parts of it. */
interface Script {
  reload(id: string, client: FakeClient): Promise<void>;
  stream(request: Request, client: FakeClient): AsyncIterable<Chunk>;
}

class FakeClient implements MlcClient {
  reloads: string[] = [];
  requests: Request[] = [];
  interrupts = 0;
  constructor(
    readonly script: Script,
    readonly report: (r: { progress: number; text: string }) => void,
  ) {}
  reload(id: string): Promise<void> {
    this.reloads.push(id);
    return this.script.reload(id, this);
  }
  interruptGenerate(): void {
    this.interrupts++;
  }
  /** Counts words, as if each were one token; `noTokenizer` answers null as a worker without one does. */
  noTokenizer = false;
  counted: string[] = [];
  async countTokens(text: string): Promise<number | null> {
    this.counted.push(text);
    return this.noTokenizer ? null : text.split(' ').length;
  }
  chat = {
    completions: {
      create: async (request: Request) => {
        this.requests.push(request);
        return this.script.stream(request, this);
      },
    },
  };
}

function chunk(content: string | null): Chunk {
  return { choices: [{ delta: { content } }] };
}

function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let script: Script;
let workers: FakeWorker[];
let clients: FakeClient[];
let status: GpuStatus;

function makeEngine(caches?: CacheStorageLike) {
  return createWebLlmEngine({
    detectGpu: async () => status,
    loadBindings: async () => ({
      modelList: MODELS,
      createClient: (_worker, report) => {
        const client = new FakeClient(script, report);
        clients.push(client);
        return client;
      },
    }),
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    ...(caches ? { caches: () => caches } : {}),
  });
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const text of stream) out.push(text);
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof EngineError ? error.code : `not an EngineError: ${String(error)}`;
}

beforeEach(() => {
  workers = [];
  clients = [];
  status = gpu;
  script = {
    reload: async () => {},
    stream: async function* () {
      yield chunk('Hel');
      yield chunk('lo');
      yield chunk('');
      yield chunk(null);
    },
  };
});

describe('availability', () => {
  it('is unavailable with the reason when there is no WebGPU', async () => {
    status = noGpu;
    expect(await makeEngine().availability()).toEqual({
      available: false,
      reason: 'No WebGPU in this browser.',
    });
  });

  it('is available with a slowness note on a software adapter', async () => {
    status = swiftshader;
    const result = await makeEngine().availability();
    expect(result.available && result.note).toMatch(/very slowly/);
  });
});

describe('load', () => {
  it('refuses without WebGPU before starting a worker', async () => {
    status = noGpu;
    const error = await makeEngine()
      .load(F32)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no-webgpu', message: 'No WebGPU in this browser.' });
    expect(workers).toHaveLength(0);
  });

  it('refuses an f16 model on an adapter without shader-f16', async () => {
    status = swiftshader;
    expect(await codeOf(makeEngine().load(F16))).toBe('unsupported-model');
    expect(workers).toHaveLength(0);
  });

  it("counts tokens with the worker's tokenizer once a model is loaded, and estimates before", async () => {
    const engine = makeEngine();
    const text = 'a b c d e f g h i j k l';
    expect(await engine.countTokens(text)).toBe(estimateTokens(text));
    expect(clients.flatMap((c) => c.counted)).toEqual([]); // no worker asked before a load
    await engine.load(F32);
    expect(await engine.countTokens(text)).toBe(12);
    expect(clients[0]?.counted).toEqual([text]);
  });

  it('estimates when the worker has no tokenizer to count with', async () => {
    const engine = makeEngine();
    await engine.load(F32);
    clients[0]!.noTokenizer = true;
    const text = 'a b c d e f g h i j k l';
    expect(await engine.countTokens(text)).toBe(estimateTokens(text));
    expect(estimateTokens(text)).not.toBe(12);
  });

  it('reports progress and then the loaded model and its context window', async () => {
    script.reload = async (_id, client) => {
      client.report({ progress: 0.5, text: 'Fetching param cache[1/2]: 300MB fetched. 50% completed' });
      client.report({ progress: 1, text: 'Finish loading on WebGPU - nvidia' });
    };
    const engine = makeEngine();
    const seen: number[] = [];
    await engine.load(F32, { onProgress: (p) => seen.push(p.fraction) });
    expect(seen).toEqual([0.4, 1]);
    expect(engine.loadedModel()).toBe(F32);
    expect(engine.contextWindow()).toBe(2048);
    expect(clients[0]?.reloads).toEqual([F32]);
  });

  it('cancels through the signal: terminates the worker, rejects with aborted, and can load again', async () => {
    const started = deferred();
    script.reload = () => {
      started.resolve();
      return new Promise<void>(() => {}); // a download that never finishes
    };
    const engine = makeEngine();
    const controller = new AbortController();
    const loading = engine.load(F32, { signal: controller.signal });
    await started.promise;
    controller.abort();
    expect(await codeOf(loading)).toBe('aborted');
    expect(workers[0]?.terminated).toBe(true);
    expect(engine.loadedModel()).toBeNull();

    script.reload = async () => {};
    await engine.load(F32);
    expect(workers).toHaveLength(2);
    expect(engine.loadedModel()).toBe(F32);
  });

  it("doesn't report a model as loaded when web-llm resolves quietly after an abort", async () => {
    const controller = new AbortController();
    script.reload = async () => controller.abort();
    const engine = makeEngine();
    expect(await codeOf(engine.load(F32, { signal: controller.signal }))).toBe('aborted');
    expect(engine.loadedModel()).toBeNull();
  });

  it('maps a failed weight download and resets the worker', async () => {
    script.reload = () => Promise.reject('TypeError: Failed to fetch'); // as the worker sends it
    const engine = makeEngine();
    const error = await engine.load(F32).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'download-failed' });
    expect((error as Error).message).toMatch(/check your connection/);
    expect(workers[0]?.terminated).toBe(true);
  });

  it('fails a load whose worker crashes, then starts a fresh worker', async () => {
    const started = deferred();
    script.reload = () => {
      started.resolve();
      return new Promise<void>(() => {});
    };
    const engine = makeEngine();
    const loading = engine.load(F32);
    await started.promise;
    workers[0]?.crash('Uncaught RangeError: Array buffer allocation failed');
    expect(await codeOf(loading)).toBe('out-of-memory');
    script.reload = async () => {};
    await engine.load(F32);
    expect(workers).toHaveLength(2);
    expect(engine.loadedModel()).toBe(F32);
  });

  it('lets a newer load supersede one in progress', async () => {
    const started = deferred();
    script.reload = () => {
      started.resolve();
      return new Promise<void>(() => {});
    };
    const engine = makeEngine();
    const first = engine.load(F16);
    await started.promise;
    script.reload = async () => {};
    const second = engine.load(F32);
    expect(await codeOf(first)).toBe('aborted');
    await second;
    expect(engine.loadedModel()).toBe(F32);
  });
});

describe('stream', () => {
  it('needs a loaded model', async () => {
    expect(await codeOf(collect(makeEngine().stream(MESSAGES)))).toBe('not-loaded');
  });

  it('yields the non-empty deltas and passes the generation options', async () => {
    const engine = makeEngine();
    await engine.load(F32);
    expect(await collect(engine.stream(MESSAGES, { temperature: 0.7, maxTokens: 64 }))).toEqual([
      'Hel',
      'lo',
    ]);
    expect(clients[0]?.requests).toEqual([
      { stream: true, messages: MESSAGES, temperature: 0.7, max_tokens: 64 },
    ]);
  });

  it('asks for a JSON object, constrained to the schema when one is given', async () => {
    const engine = makeEngine();
    await engine.load(F32);
    const schema = { type: 'object', properties: { memories: { type: 'array' } } };
    await collect(engine.stream(MESSAGES, { json: true }));
    await collect(engine.stream(MESSAGES, { json: { name: 'memories', schema } }));
    expect(clients[0]?.requests.map((r) => r.response_format)).toEqual([
      { type: 'json_object' },
      { type: 'json_object', schema: JSON.stringify(schema) },
    ]);
  });

  it('interrupts generation on abort, throws aborted, and keeps the model loaded', async () => {
    const closed = deferred();
    script.stream = async function* (_request, client) {
      try {
        yield chunk('a');
        while (client.interrupts === 0) yield chunk('b');
      } finally {
        closed.resolve();
      }
    };
    const engine = makeEngine();
    await engine.load(F32);
    const controller = new AbortController();
    const got: string[] = [];
    const run = (async () => {
      for await (const text of engine.stream(MESSAGES, { signal: controller.signal })) {
        got.push(text);
        controller.abort();
      }
    })();
    expect(await codeOf(run)).toBe('aborted');
    await closed.promise; // the worker-side generator was released
    expect(got).toEqual(['a']);
    expect(clients[0]?.interrupts).toBeGreaterThan(0);
    expect(engine.loadedModel()).toBe(F32);
  });

  it('releases the generator when the caller stops reading early', async () => {
    const closed = deferred();
    script.stream = async function* () {
      try {
        for (;;) yield chunk('x');
      } finally {
        closed.resolve();
      }
    };
    const engine = makeEngine();
    await engine.load(F32);
    for await (const text of engine.stream(MESSAGES)) {
      expect(text).toBe('x');
      break;
    }
    await closed.promise;
    expect(clients[0]?.interrupts).toBe(1);
  });

  it.each([
    ['not-loaded', 'ModelNotLoadedError: Model not loaded before trying to complete ChatCompletionRequest.'],
    ['device-lost', 'DeviceLostError: The WebGPU device was lost while loading the model.'],
  ])('after %s it resets so the model can be loaded again', async (code, thrown) => {
    script.stream = async function* () {
      yield chunk('partial');
      throw thrown;
    };
    const engine = makeEngine();
    await engine.load(F32);
    expect(await codeOf(collect(engine.stream(MESSAGES)))).toBe(code);
    expect(engine.loadedModel()).toBeNull();
    expect(workers[0]?.terminated).toBe(true);

    script.stream = async function* () {
      yield chunk('back');
    };
    await engine.load(F32);
    expect(await collect(engine.stream(MESSAGES))).toEqual(['back']);
    expect(workers).toHaveLength(2);
  });
});

describe('catalog', () => {
  it('filters for the device, marks completely downloaded models and recommends one', async () => {
    const base = `https://huggingface.co/mlc-ai/${F32}/resolve/main/`;
    const stored = new Map<string, unknown>([
      [`${base}tensor-cache.json`, { records: [{ dataPath: 'params_shard_0.bin' }] }],
      [`${base}params_shard_0.bin`, null],
    ]);
    const caches: CacheStorageLike = {
      has: async (name) => name === 'webllm/model',
      open: async () => ({
        keys: async () => [...stored.keys()].map((url) => ({ url })),
        match: async (url) => ({
          headers: { get: () => '10' },
          blob: async () => ({ size: 10 }),
          json: async () => stored.get(url),
        }),
        delete: async (url) => stored.delete(url),
      }),
    };
    status = swiftshader;
    const result = await makeEngine(caches).catalog();
    expect(result.gpu.kind).toBe('fallback');
    expect(result.models.map((m) => [m.id, m.cached])).toEqual([[F32, true]]);
    expect(result.notice).toMatch(/very slowly/);
    expect(result.recommendation.model?.id).toBe(F32);

    // A partial download is stored but not "cached": loading it still needs the network.
    stored.delete(`${base}params_shard_0.bin`);
    expect((await makeEngine(caches).catalog()).models.map((m) => m.cached)).toEqual([false]);
  });
});
