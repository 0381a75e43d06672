import { describe, expect, it } from 'vitest';
import type { ModelRecordLike } from './catalog';
import { createWebLlmEngine, type WorkerLike } from './engine';
import { classifyWebLlmError } from './translate';
import { classifyAdapter } from './webgpu';
import { createWorkerClient } from './worker-client';
import { createWorkerHandler, type EngineChunk, type WorkerEngine } from './worker-handler';
import { countWithEngine } from './token-count';
import { FromWorker, ToWorker, type PortLike } from './worker-protocol';

/** Two ends of a channel, delivering structured clones asynchronously like postMessage does. */
function channel(): { page: PortLike & { sent: unknown[] }; worker: PortLike & { sent: unknown[] } } {
  const make = () => {
    const listeners: Array<(event: { data: unknown }) => void> = [];
    return {
      sent: [] as unknown[],
      listeners,
      postMessage(message: unknown) {
        this.sent.push(message);
        const data = structuredClone(message);
        setTimeout(() => other(this).listeners.forEach((listener) => listener({ data })), 0);
      },
      addEventListener(_type: 'message', listener: (event: { data: unknown }) => void) {
        listeners.push(listener);
      },
    };
  };
  const page = make();
  const worker = make();
  const other = (end: typeof page) => (end === page ? worker : page);
  return { page, worker };
}

/** A scripted stand-in for web-llm's MLCEngine. */
class FakeEngine implements WorkerEngine {
  /** web-llm's internals as countWithEngine reads them; a word is a token here. Empty until a load. */
  loadedModelIdToPipeline = new Map<string, { tokenizer: { encode(text: string): Int32Array } }>();
  reloads: string[] = [];
  interrupts = 0;
  closed = 0;
  requests: unknown[] = [];
  reloadError: Error | null = null;
  pieces = ['Hel', 'lo', '!'];
  /** When true, the stream holds after its first piece until interrupted (as a slow model would). */
  holdAfterFirst = false;
  private release: (() => void) | null = null;
  constructor(private readonly onProgress: (report: { progress: number; text: string }) => void) {}

  async reload(modelId: string) {
    this.reloads.push(modelId);
    this.onProgress({ progress: 0.5, text: 'Fetching param cache[1/2]' });
    if (this.reloadError) throw this.reloadError;
    this.onProgress({ progress: 1, text: 'Finish loading' });
    this.loadedModelIdToPipeline.set(modelId, {
      tokenizer: { encode: (text) => new Int32Array(text.split(' ').length) },
    });
  }
  private self(): FakeEngine {
    return this;
  }
  interruptGenerate() {
    this.interrupts++;
    this.release?.();
  }
  chat = {
    completions: {
      create: async (request: unknown): Promise<AsyncIterable<EngineChunk>> => {
        this.requests.push(request);
        const engine = this.self();
        async function* pieces() {
          try {
            for (const [i, piece] of engine.pieces.entries()) {
              if (i > 0 && engine.holdAfterFirst && engine.interrupts === 0)
                await new Promise<void>((resolve) => (engine.release = resolve));
              if (engine.interrupts > 0) return; // web-llm ends the stream once interrupted
              yield { choices: [{ delta: { content: piece } }] };
            }
          } finally {
            engine.closed++;
          }
        }
        return pieces();
      },
    },
  };
}

function connected() {
  const { page, worker } = channel();
  let engine!: FakeEngine;
  const handle = createWorkerHandler((onProgress) => (engine = new FakeEngine(onProgress)), worker);
  worker.addEventListener('message', ({ data }) => handle(data));
  const progress: Array<{ progress: number; text: string }> = [];
  const client = createWorkerClient(page, (report) => progress.push(report));
  return { client, engine, progress, page, worker };
}

async function collect(iterable: AsyncIterable<EngineChunk>): Promise<string> {
  let text = '';
  for await (const chunk of iterable) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

describe('the web-llm worker protocol', () => {
  it('loads a model with progress, then streams a reply in order', async () => {
    const { client, engine, progress } = connected();
    await client.reload('Tiny-q4f32_1-MLC');
    expect(engine.reloads).toEqual(['Tiny-q4f32_1-MLC']);
    expect(progress).toEqual([
      { progress: 0.5, text: 'Fetching param cache[1/2]' },
      { progress: 1, text: 'Finish loading' },
    ]);
    const reply = await client.chat.completions.create({
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.2,
      max_tokens: 64,
      response_format: { type: 'json_object', schema: '{"type":"object"}' },
    });
    expect(await collect(reply)).toBe('Hello!');
    expect(engine.requests).toEqual([
      {
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 0.2,
        max_tokens: 64,
        response_format: { type: 'json_object', schema: '{"type":"object"}' },
      },
    ]);
  });

  it("keeps web-llm's error name across the worker, so failures are still told apart", async () => {
    const { client, engine } = connected();
    const oom = new Error('Device lost during reload; out of memory');
    oom.name = 'DeviceLostError';
    engine.reloadError = oom;
    const error = await client.reload('Tiny-q4f32_1-MLC').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'DeviceLostError', message: oom.message });
    expect(classifyWebLlmError(error).code).toBe('device-lost');
  });

  it('breaking off a reply tells the worker, which stops decoding and closes the generator', async () => {
    const { client, engine, page } = connected();
    engine.holdAfterFirst = true;
    const reply = await client.chat.completions.create({
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const iterator = reply[Symbol.asyncIterator]();
    const first = iterator.next();
    expect((await first).value?.choices[0]?.delta?.content).toBe('Hel');
    await iterator.return?.();
    expect(page.sent.at(-1)).toMatchObject({ kind: 'cancel' });
    await expect.poll(() => engine.closed).toBe(1);
    expect(engine.interrupts).toBe(1);
  });

  it('fails the request a malformed reply names, and the worker refuses a malformed request', async () => {
    const { page, worker } = channel();
    const client = createWorkerClient(page, () => {});
    worker.addEventListener('message', () =>
      worker.postMessage({ kind: 'reloaded', requestId: 1, extra: 'x' }),
    );
    // A reply of the wrong shape for request 1 ('reloaded' with a bad id type would be ignored).
    worker.postMessage({ kind: 'progress', requestId: 1, progress: 'half', text: '' });
    await expect(client.reload('m')).rejects.toThrow('malformed reply');

    const other = channel();
    const handle = createWorkerHandler((onProgress) => new FakeEngine(onProgress), other.worker);
    handle({ kind: 'generate', requestId: 7, request: { messages: [] } });
    handle({ kind: 'format-disk' });
    expect(other.worker.sent).toEqual([
      { kind: 'error', requestId: 7, name: 'Error', message: 'The web-llm worker got a malformed request.' },
    ]);
  });
});

describe('token counts over the worker protocol', () => {
  it("answers null before a load, then the loaded model's tokenizer count", async () => {
    const { client } = connected();
    expect(await client.countTokens('one two three')).toBeNull();
    await client.reload('Tiny-q4f32_1-MLC');
    expect(await client.countTokens('one two three')).toBe(3);
  });

  it('answers null when web-llm internals are not what countWithEngine expects', async () => {
    expect(countWithEngine({}, 'x')).toBeNull();
    expect(countWithEngine({ loadedModelIdToPipeline: new Map([['m', { tokenizer: {} }]]) }, 'x')).toBeNull();
    const { client, engine } = connected();
    await client.reload('m');
    engine.loadedModelIdToPipeline.set('m', {
      tokenizer: {
        encode: () => {
          throw new Error('tokenizer disposed');
        },
      },
    });
    expect(await client.countTokens('x')).toBeNull();
  });

  it('checks both messages: a bad count is refused and answers null, never a number', async () => {
    expect(ToWorker.safeParse({ kind: 'countTokens', requestId: 1 }).success).toBe(false);
    expect(FromWorker.safeParse({ kind: 'tokenCount', requestId: 1, count: -1 }).success).toBe(false);
    expect(FromWorker.safeParse({ kind: 'tokenCount', requestId: 1, count: 2.5 }).success).toBe(false);
    expect(FromWorker.safeParse({ kind: 'tokenCount', requestId: 1, count: null }).success).toBe(true);
    const { page, worker } = channel();
    const client = createWorkerClient(page, () => {});
    worker.addEventListener('message', ({ data }) =>
      worker.postMessage({
        kind: 'tokenCount',
        requestId: (data as { requestId: number }).requestId,
        count: 'many',
      }),
    );
    expect(await client.countTokens('x')).toBeNull();
  });

  it('gives up on a worker that never answers, with null', async () => {
    const { page } = channel();
    const client = createWorkerClient(page, () => {}, 10);
    expect(await client.countTokens('x')).toBeNull();
  });
});

describe('createWebLlmEngine over the worker protocol', () => {
  it('loads a model from the list and streams its reply, with no web-llm on the page side', async () => {
    const { page, worker } = channel();
    const handle = createWorkerHandler((onProgress) => new FakeEngine(onProgress), worker);
    worker.addEventListener('message', ({ data }) => handle(data));
    const fakeWorker: WorkerLike & PortLike = {
      terminate: () => {},
      addEventListener: (type: string, listener: (event: { data: unknown }) => void) => {
        if (type === 'message') page.addEventListener('message', listener);
      },
      postMessage: (message: unknown) => page.postMessage(message),
    } as WorkerLike & PortLike;
    const id = 'Tiny-0.5B-Instruct-q4f32_1-MLC';
    const modelList: ModelRecordLike[] = [
      { model: `https://example.test/${id}`, model_id: id, model_lib: `https://example.test/${id}.wasm` },
    ];
    const engine = createWebLlmEngine({
      detectGpu: async () =>
        classifyAdapter({
          features: new Set(['shader-f16']),
          limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30 },
          info: { architecture: 'ampere' },
        }),
      createWorker: () => fakeWorker,
      loadBindings: async () => ({
        modelList,
        createClient: (w, onProgress) => createWorkerClient(w as unknown as PortLike, onProgress),
      }),
    });
    const fractions: number[] = [];
    await engine.load(id, { onProgress: (p) => fractions.push(p.fraction) });
    expect(engine.loadedModel()).toBe(id);
    expect(fractions.at(-1)).toBe(1);
    let text = '';
    for await (const piece of engine.stream([{ role: 'user', content: 'Hi' }])) text += piece;
    expect(text).toBe('Hello!');
    expect(await engine.countTokens('one two three four')).toBe(4);
  });
});
