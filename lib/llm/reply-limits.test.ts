import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../test/support/scripted-llm-server';
import type { PromptMessage } from './engine';
import type { EngineError } from './errors';
import { createOpenAiEngine, type OpenAiEngineConfig } from './openai-compatible';
import { MAX_REPLY_BYTES } from './reply-limits';

// Hostile or broken servers, over real loopback HTTP: replies that never end, lines that
// never break, redirects to somewhere else. Each must end with a clear EngineError.
let server: ScriptedLlmServer;
beforeEach(async () => {
  server = await startScriptedLlmServer();
});
afterEach(async () => {
  await server.close();
});

const hello: PromptMessage[] = [{ role: 'user', content: 'Hello there' }];

function engine(config: Partial<OpenAiEngineConfig> = {}) {
  return createOpenAiEngine({ baseUrl: server.url, model: 'test-model', ...config });
}

async function run(iterable: AsyncIterable<string>) {
  let text = '';
  try {
    for await (const delta of iterable) text += delta;
    return { text, error: undefined };
  } catch (error) {
    return { text, error: error as EngineError };
  }
}

describe('only tokens keep a reply alive', () => {
  it.each(['comment', 'empty'] as const)(
    'a stream that sends only keep-alive %s frames after a token times out as idle',
    async (frame) => {
      server.enqueue({ kind: 'keep-alive', text: 'Hi', frame, everyMs: 20 });
      const result = await run(engine({ timeouts: { idleMs: 400 } }).stream(hello));
      expect(result.text).toBe('Hi');
      expect(result.error?.code).toBe('timeout');
      expect(result.error?.message).toMatch(/stopped sending/);
      await vi.waitFor(() => expect(server.requests[0]?.closedEarly).toBe(true));
    },
  );

  it('keep-alives before the first token do not stretch the first-token wait', async () => {
    server.enqueue({ kind: 'keep-alive', frame: 'comment', everyMs: 20 });
    const result = await run(engine({ timeouts: { firstTokenMs: 400 } }).stream(hello));
    expect(result.error?.code).toBe('timeout');
    expect(result.error?.message).toMatch(/didn't start replying/);
  });
});

describe('reply caps', () => {
  it('an endless stream is stopped at the real 1 MB cap, keeping what came', async () => {
    server.enqueue({ kind: 'endless', text: 'la la la ', chunkSize: 64 });
    const result = await run(engine().stream(hello));
    expect(result.error?.code).toBe('too-large');
    expect(result.error?.message).toMatch(/passed 1 MB/);
    expect(result.text.length).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    expect(result.text.length).toBeGreaterThan(MAX_REPLY_BYTES - 1000);
    expect(result.text.startsWith('la la la ')).toBe(true);
    await vi.waitFor(() => expect(server.requests[0]?.closedEarly).toBe(true));
  });

  it('a reply that keeps trickling is stopped at the duration cap', async () => {
    server.enqueue({ kind: 'endless', text: 'tick ', everyMs: 20 });
    const result = await run(engine({ limits: { maxReplyMs: 500 } }).stream(hello));
    expect(result.error?.code).toBe('too-large');
    expect(result.error?.message).toMatch(/still going after 1 s/);
    expect(result.text).toMatch(/^(tick )+$/);
  });

  it('a body of frames without text is capped by bytes too', async () => {
    server.enqueue({ kind: 'keep-alive', frame: 'empty', everyMs: 0 });
    const result = await run(engine({ limits: { maxResponseBytes: 200_000 } }).stream(hello));
    expect(result.error?.code).toBe('too-large');
    expect(result.error?.message).toMatch(/more than 0.2 MB for one reply/);
  });

  it('one line of 16 MB without a break is refused at the line cap, not buffered', async () => {
    server.enqueue({ kind: 'huge-line', bytes: 16 * 1024 * 1024 });
    const result = await run(engine().stream(hello));
    expect(result.error?.code).toBe('too-large');
    expect(result.error?.message).toMatch(/a line of more than 1 MB/);
    await vi.waitFor(() => expect(server.requests[0]?.closedEarly).toBe(true));
  });
});

describe('redirects', () => {
  let elsewhere: ScriptedLlmServer;
  beforeEach(async () => {
    elsewhere = await startScriptedLlmServer();
  });
  afterEach(async () => {
    await elsewhere.close();
  });

  it('a 307 on the chat request is refused and the prompt never reaches the other origin', async () => {
    server.enqueue({ kind: 'redirect', location: `${elsewhere.baseUrl}/chat/completions` });
    const result = await run(engine().stream(hello));
    expect(result.error?.code).toBe('redirected');
    expect(result.error?.message).toContain(`redirected Hearth elsewhere to ${elsewhere.baseUrl}`);
    expect(result.error?.message).toMatch(/does not follow redirects/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it.each([301, 302, 308])('a %i on the model list is refused too', async (status) => {
    server.setModelsScript({ kind: 'redirect', status, location: `${elsewhere.baseUrl}/models` });
    await expect(engine().listModels()).rejects.toMatchObject({ code: 'redirected' });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('an ordinary reply is unaffected', async () => {
    server.enqueue({ kind: 'reply', text: 'Fine, thanks.' });
    expect(await run(engine().stream(hello))).toEqual({ text: 'Fine, thanks.', error: undefined });
  });
});
