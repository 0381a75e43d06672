import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../test/support/scripted-llm-server';
import type { PromptMessage } from './engine';
import { EngineError } from './errors';
import { createOpenAiEngine, normalizeBaseUrl, type OpenAiEngineConfig } from './openai-compatible';

// Real engine, real fetch, real loopback HTTP: the only fake is the server's script.
let server: ScriptedLlmServer;
beforeEach(async () => {
  server = await startScriptedLlmServer();
});
afterEach(async () => {
  await server.close();
});

const hello: PromptMessage[] = [
  { role: 'system', content: 'You are Hearth.' },
  { role: 'user', content: 'Hello there' },
];

function engine(config: Partial<OpenAiEngineConfig> = {}) {
  return createOpenAiEngine({ baseUrl: server.url, model: 'test-model', ...config });
}

/** Collects the deltas and whatever ended the stream. */
async function run(iterable: AsyncIterable<string>) {
  const deltas: string[] = [];
  try {
    for await (const delta of iterable) deltas.push(delta);
    return { deltas, text: deltas.join(''), error: undefined };
  } catch (error) {
    return { deltas, text: deltas.join(''), error: error as EngineError };
  }
}

/** A port where nothing listens any more. */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('stream', () => {
  it('streams the reply as deltas and sends the request OpenAI servers expect', async () => {
    server.enqueue({ kind: 'reply', text: 'Hi! Nice to see you — ça va? 🔥', chunkSize: 3 });
    const result = await run(engine().stream(hello, { temperature: 0.7, maxTokens: 64 }));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Hi! Nice to see you — ça va? 🔥');
    expect(result.deltas.length).toBeGreaterThan(5);
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.authorization).toBeUndefined();
    expect(request?.body).toEqual({
      model: 'test-model',
      messages: hello,
      stream: true,
      temperature: 0.7,
      max_tokens: 64,
    });
  });

  it('sends the API key as a bearer token', async () => {
    await run(engine({ apiKey: 'sk-local-123' }).stream(hello));
    expect(server.requests[0]?.authorization).toBe('Bearer sk-local-123');
  });

  it('waits for a slow first token when it comes within the timeout', async () => {
    server.enqueue({ kind: 'reply', text: 'Worth the wait.', firstTokenDelayMs: 150, delayMs: 20 });
    const result = await run(engine({ timeouts: { firstTokenMs: 3000, idleMs: 3000 } }).stream(hello));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Worth the wait.');
  });

  it('gives up with a timeout when the first token does not come', async () => {
    server.enqueue({ kind: 'reply', text: 'Too late.', firstTokenDelayMs: 5000 });
    const result = await run(engine({ timeouts: { firstTokenMs: 200 } }).stream(hello));
    expect(result.error).toBeInstanceOf(EngineError);
    expect(result.error?.code).toBe('timeout');
    expect(result.error?.message).toMatch(/didn't start replying/);
    expect(result.text).toBe('');
  });

  it('gives up with a timeout when the server never answers the request', async () => {
    server.enqueue({ kind: 'hang' });
    const result = await run(engine({ timeouts: { firstTokenMs: 200 } }).stream(hello));
    expect(result.error?.code).toBe('timeout');
    await vi.waitFor(() => expect(server.requests[0]?.closedEarly).toBe(true));
  });

  it('gives up with a timeout when the server goes quiet between chunks', async () => {
    server.enqueue({ kind: 'reply', text: 'One, two, three, four.', chunkSize: 5, delayMs: 5000 });
    const result = await run(engine({ timeouts: { idleMs: 200 } }).stream(hello));
    expect(result.error?.code).toBe('timeout');
    expect(result.error?.message).toMatch(/stopped sending/);
    expect(result.text).toBe('One, ');
  });

  it('does not count time the consumer spends between deltas as server idleness', async () => {
    server.enqueue({ kind: 'reply', text: 'abcdefgh', chunkSize: 2 });
    const deltas: string[] = [];
    // The consumer pauses longer than the idle limit after each delta; the limit is wide
    // enough that a busy machine's scheduling delays on the server side do not trip it.
    for await (const delta of engine({ timeouts: { idleMs: 1000 } }).stream(hello)) {
      deltas.push(delta);
      await new Promise((resolve) => setTimeout(resolve, 1200));
    }
    expect(deltas.join('')).toBe('abcdefgh');
  });

  it('reports a cut stream and keeps the deltas already given', async () => {
    server.enqueue({ kind: 'cut', text: 'This sentence will not be finished', afterChars: 13 });
    const result = await run(engine().stream(hello));
    expect(result.text).toBe('This sentence');
    expect(result.error?.code).toBe('stream-cut');
    expect(result.error?.message).toMatch(/cut off/);
  });

  it('stops on abort, says so, and really closes the connection', async () => {
    server.enqueue({ kind: 'reply', text: 'a long reply that keeps going', chunkSize: 2, delayMs: 100 });
    const controller = new AbortController();
    const deltas: string[] = [];
    let caught: unknown;
    try {
      for await (const delta of engine().stream(hello, { signal: controller.signal })) {
        deltas.push(delta);
        if (deltas.length === 2) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe('aborted');
    expect(deltas).toEqual(['a ', 'lo']);
    await vi.waitFor(() => expect(server.requests[0]?.closedEarly).toBe(true));
  });

  it('closes the connection when the consumer stops reading early', async () => {
    server.enqueue({ kind: 'reply', text: 'more than anyone wants to read', chunkSize: 2, delayMs: 100 });
    for await (const delta of engine().stream(hello)) {
      expect(delta).toBe('mo');
      break;
    }
    await vi.waitFor(() => expect(server.requests[0]?.closedEarly).toBe(true));
  });

  it('is aborted before sending anything when the signal already fired', async () => {
    const result = await run(engine().stream(hello, { signal: AbortSignal.abort() }));
    expect(result.error?.code).toBe('aborted');
  });

  it('needs a model', async () => {
    const result = await run(createOpenAiEngine({ baseUrl: server.url }).stream(hello));
    expect(result.error?.code).toBe('not-loaded');
    expect(server.requests).toHaveLength(0);
  });
});

describe('errors', () => {
  it('401 says to check the API key', async () => {
    server.enqueue({ kind: 'status', status: 401, body: '{"error":{"message":"Invalid API key"}}' });
    const { error } = await run(engine().stream(hello));
    expect(error?.code).toBe('unauthorized');
    expect(error?.message).toMatch(/API key/);
    expect(error?.message).toContain('Invalid API key');
  });

  it('404 points at the address or the model name', async () => {
    server.enqueue({
      kind: 'status',
      status: 404,
      body: '{"error":"model \\"llama9\\" not found, try pulling it first"}',
    });
    const { error } = await run(engine().stream(hello));
    expect(error?.code).toBe('not-found');
    expect(error?.message).toMatch(/address and the model name/);
    expect(error?.message).toContain('model "llama9" not found');
  });

  it('500 gives the status and what the server said', async () => {
    server.enqueue({
      kind: 'status',
      status: 500,
      body: '{"error":{"message":"CUDA error: out of memory"}}',
    });
    const { error } = await run(engine().stream(hello));
    expect(error?.code).toBe('bad-response');
    expect(error?.message).toContain('(500)');
    expect(error?.message).toContain('CUDA error: out of memory');
  });

  it('a 400 about the context becomes context-overflow', async () => {
    const body = '{"error":{"message":"the request exceeds the available context size"}}';
    server.enqueue({ kind: 'status', status: 400, body });
    const { error } = await run(engine().stream(hello));
    expect(error?.code).toBe('context-overflow');
  });

  it('a 400 to a plain chat request is reported, not sent again', async () => {
    server.enqueue({ kind: 'status', status: 400, body: '{"error":{"message":"bad temperature"}}' });
    const { error } = await run(engine().stream(hello, { temperature: 9 }));
    expect(error?.code).toBe('bad-response');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('a structured request refused in every JSON mode reports the last 400 and remembers nothing', async () => {
    const json = { name: 'answer', schema: { type: 'object' } };
    const e = engine();
    server.enqueueJson({ kind: 'status', status: 400 }, { kind: 'status', status: 400 });
    server.enqueue({ kind: 'status', status: 400, body: '{"error":{"message":"nope"}}' });
    const { error } = await run(e.stream(hello, { json }));
    expect(error?.message).toContain('nope');
    const formats = () =>
      server.requests
        .filter((r) => r.path.endsWith('/chat/completions'))
        .map((r) => (r.body as { response_format?: { type: string } }).response_format?.type);
    expect(formats()).toEqual(['json_schema', 'json_object', undefined]);
    // Nothing worked, so nothing was learnt: the next structured request starts strict again.
    server.enqueueJson({ kind: 'reply', text: '{}' });
    expect((await run(e.stream(hello, { json }))).error).toBeUndefined();
    expect(formats().at(-1)).toBe('json_schema');
  });

  it('an HTML page instead of an API is a bad response', async () => {
    server.enqueue({ kind: 'not-json' });
    const { error } = await run(engine().stream(hello));
    expect(error?.code).toBe('bad-response');
    expect(error?.message).toMatch(/OpenAI-compatible/);
  });

  it('a closed port is unreachable, naming the address', async () => {
    const port = await closedPort();
    const { error } = await run(
      createOpenAiEngine({ baseUrl: `http://127.0.0.1:${port}`, model: 'm' }).stream(hello),
    );
    expect(error?.code).toBe('unreachable');
    expect(error?.message).toBe(`Can't reach http://127.0.0.1:${port} — is the server running?`);
  });

  it('a malformed chunk is a bad response', async () => {
    const fake: typeof fetch = async () =>
      new Response('data: {"choices":[{"delta":{"content":"ok"}}]}\n\ndata: {"choices": [oops\n\n', {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    const result = await run(
      createOpenAiEngine({ baseUrl: 'http://x.test', model: 'm', fetch: fake }).stream(hello),
    );
    expect(result.text).toBe('ok');
    expect(result.error?.code).toBe('bad-response');
  });

  it('an error object mid-stream is reported with its message', async () => {
    const fake: typeof fetch = async () =>
      new Response('data: {"error":{"message":"model crashed"}}\n\n', {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    const { error } = await run(
      createOpenAiEngine({ baseUrl: 'http://x.test', model: 'm', fetch: fake }).stream(hello),
    );
    expect(error?.code).toBe('bad-response');
    expect(error?.message).toContain('model crashed');
  });

  it('a stall after finish_reason does not turn a complete reply into an error', async () => {
    const stalled: typeof fetch = async (_url, init) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            const frame = 'data: {"choices":[{"delta":{"content":"all here"},"finish_reason":"stop"}]}\n\n';
            controller.enqueue(new TextEncoder().encode(frame));
            init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream' } },
      );
    const e = createOpenAiEngine({
      baseUrl: 'http://x.test',
      model: 'm',
      fetch: stalled,
      timeouts: { idleMs: 100 },
    });
    const result = await run(e.stream(hello));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('all here');
  });

  it('a stream that ends with finish_reason but no [DONE] is complete', async () => {
    const frames = [
      '{"choices":[{"delta":{"content":"done"}}]}',
      '{"choices":[{"delta":{},"finish_reason":"stop"}]}',
    ];
    const fake: typeof fetch = async () =>
      new Response(frames.map((f) => `data: ${f}\n\n`).join(''), {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    const result = await run(
      createOpenAiEngine({ baseUrl: 'http://x.test', model: 'm', fetch: fake }).stream(hello),
    );
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('done');
  });
});

describe('models', () => {
  it('lists models with the context windows the server gives', async () => {
    const models = await engine().listModels();
    expect(models).toEqual([
      { id: 'test-model', label: 'test-model', contextWindow: 8192 },
      { id: 'tiny', label: 'tiny', contextWindow: 512 },
    ]);
    expect(server.requests[0]?.path).toBe('/v1/models');
  });

  it('falls back to 4096 when the server gives no context window', async () => {
    server.setModels([{ id: 'anon' }]);
    expect(await engine().listModels()).toEqual([{ id: 'anon', label: 'anon', contextWindow: 4096 }]);
  });

  it('reads llama.cpp and vLLM context fields', async () => {
    const body = {
      data: [
        { id: 'a', meta: { n_ctx_train: 32768 } },
        { id: 'b', max_model_len: 16384 },
      ],
    };
    const fake: typeof fetch = async () => Response.json(body);
    const models = await createOpenAiEngine({ baseUrl: 'http://x.test', fetch: fake }).listModels();
    expect(models.map((m) => m.contextWindow)).toEqual([32768, 16384]);
  });

  it('load() records a listed model and its context window', async () => {
    const e = engine({ model: undefined });
    expect(e.loadedModel()).toBeNull();
    await e.load('tiny');
    expect(e.loadedModel()).toBe('tiny');
    expect(e.contextWindow()).toBe(512);
    await e.unload();
    expect(e.loadedModel()).toBeNull();
  });

  it('load() refuses a model the server does not have, naming the ones it has', async () => {
    await expect(engine().load('llama9')).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('test-model, tiny'),
    });
  });

  it('availability() is true with a note, or false with the reason in words', async () => {
    expect(await engine().availability()).toEqual({ available: true, note: '2 models on the server.' });
    const port = await closedPort();
    expect(await createOpenAiEngine({ baseUrl: `http://127.0.0.1:${port}` }).availability()).toEqual({
      available: false,
      reason: `Can't reach http://127.0.0.1:${port} — is the server running?`,
    });
  });

  it('times out listing models on a server that accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const e = createOpenAiEngine({ baseUrl: `http://127.0.0.1:${port}`, timeouts: { connectMs: 200 } });
      await expect(e.listModels()).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('normalizeBaseUrl', () => {
  it.each([
    ['http://host:11434', 'http://host:11434/v1'],
    ['http://host:11434/', 'http://host:11434/v1'],
    ['http://host:11434/v1', 'http://host:11434/v1'],
    ['http://host:11434/v1/', 'http://host:11434/v1'],
    ['  https://host/v1/chat/completions ', 'https://host/v1'],
    ['https://openrouter.ai/api/v1', 'https://openrouter.ai/api/v1'],
    [
      'https://generativelanguage.googleapis.com/v1beta/openai/',
      'https://generativelanguage.googleapis.com/v1beta/openai',
    ],
    ['http://host:8080/?x=1#y', 'http://host:8080/v1'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeBaseUrl(input)).toBe(expected);
  });

  it.each(['localhost:11434', 'ftp://host/', 'not a url', 'http://user:pw@host/'])('rejects %s', (input) => {
    expect(() => normalizeBaseUrl(input)).toThrow(EngineError);
  });

  it('both spellings reach the same server', async () => {
    await run(createOpenAiEngine({ baseUrl: `${server.url}/v1/`, model: 'test-model' }).stream(hello));
    await run(createOpenAiEngine({ baseUrl: server.url, model: 'test-model' }).stream(hello));
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
  });

  it('an invalid URL does not throw at construction; calls report it', async () => {
    const e = createOpenAiEngine({ baseUrl: 'javascript:alert(1)', model: 'm' });
    const availability = await e.availability();
    expect(availability.available).toBe(false);
    expect(await run(e.stream(hello))).toMatchObject({ error: { code: 'unreachable' } });
    await expect(e.load('m')).rejects.toMatchObject({ code: 'unreachable' });
  });
});
