import { estimateTokens } from './token-estimate';
import { describe, expect, it } from 'vitest';
import {
  createChromeBuiltinEngine,
  toPromptApi,
  type PromptApi,
  type PromptApiSession,
} from './chrome-builtin';
import type { PromptMessage } from './engine';
import { EngineError } from './errors';

type CreateOptions = Parameters<PromptApi['create']>[0];

/** A fake at the browser-API edge: a `LanguageModel` that replays chunks and records calls. */
function fakeLanguageModel(
  setup: {
    state?: string;
    chunks?: string[];
    contextWindow?: number;
    failCreate?: Error;
    failPrompt?: Error;
    params?: { defaultTopK: number; maxTemperature?: number };
  } = {},
) {
  const created: NonNullable<CreateOptions>[] = [];
  const prompts: string[] = [];
  const constraints: unknown[] = [];
  const sessions: { destroyed: boolean }[] = [];
  const api: PromptApi = {
    availability: async () => setup.state ?? 'available',
    ...(setup.params && { params: async () => setup.params ?? null }),
    async create(options = {}) {
      created.push(options);
      if (setup.failCreate) throw setup.failCreate;
      const target = new EventTarget();
      options.monitor?.(target);
      for (const loaded of [0, 0.5, 1])
        target.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded, total: 1 }));
      const record = { destroyed: false };
      sessions.push(record);
      const session: PromptApiSession = {
        contextWindow: setup.contextWindow ?? 9216,
        promptStreaming(input, { signal, responseConstraint } = {}) {
          prompts.push(input);
          constraints.push(responseConstraint);
          const chunks = [...(setup.chunks ?? ['Hel', 'lo!'])];
          return new ReadableStream<string>({
            pull(controller) {
              if (setup.failPrompt) return controller.error(setup.failPrompt);
              if (signal?.aborted) return controller.error(new DOMException('Aborted', 'AbortError'));
              const next = chunks.shift();
              if (next === undefined) controller.close();
              else controller.enqueue(next);
            },
          });
        },
        destroy: () => void (record.destroyed = true),
        // A stand-in tokenizer: one token per word, so the count is told apart from the estimate.
        measureInputUsage: async (input: string) => input.split(/\s+/).filter(Boolean).length,
      };
      return session;
    },
  };
  return { api, created, prompts, constraints, sessions };
}

async function collect(iterable: AsyncIterable<string>) {
  const deltas: string[] = [];
  try {
    for await (const delta of iterable) deltas.push(delta);
    return { deltas, error: undefined };
  } catch (error) {
    return { deltas, error: error as EngineError };
  }
}

const chat: PromptMessage[] = [
  { role: 'system', content: 'You are Hearth.' },
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!' },
  { role: 'system', content: 'The user is reading about tea.' },
  { role: 'user', content: 'What do you think?' },
];

describe('availability', () => {
  it('says there is no built-in model when the API is absent', async () => {
    const engine = createChromeBuiltinEngine({});
    expect(await engine.availability()).toEqual({
      available: false,
      reason: "This browser has no built-in model (Chrome's Prompt API).",
    });
    await expect(engine.load('chrome-builtin')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it.each([
    ['available', { available: true }],
    ['downloadable', { available: true, note: expect.stringMatching(/download its built-in model once/) }],
    ['downloading', { available: true, note: expect.stringMatching(/is downloading/) }],
    ['unavailable', { available: false, reason: expect.stringMatching(/doesn't meet the requirements/) }],
  ])('reports %s in words', async (state, expected) => {
    const { api } = fakeLanguageModel({ state });
    expect(await createChromeBuiltinEngine({ LanguageModel: api }).availability()).toEqual(expected);
  });

  it('understands the older ai.languageModel.capabilities()', async () => {
    const { api } = fakeLanguageModel();
    const legacy: PromptApi = {
      create: api.create,
      capabilities: async () => ({ available: 'after-download' }),
    };
    const state = await createChromeBuiltinEngine({ ai: { languageModel: legacy } }).availability();
    expect(state).toMatchObject({ available: true, note: expect.stringMatching(/download/) });
  });

  it('asks for the user’s language when Chrome supports it, else English', async () => {
    const { api, created } = fakeLanguageModel();
    await createChromeBuiltinEngine({ LanguageModel: api, navigator: { language: 'es-MX' } }).load(
      'chrome-builtin',
    );
    await createChromeBuiltinEngine({ LanguageModel: api, navigator: { language: 'de-DE' } }).load(
      'chrome-builtin',
    );
    expect(created.map((o) => o.expectedOutputs?.[0]?.languages)).toEqual([['es'], ['en']]);
  });
});

describe('countTokens', () => {
  it("measures with Chrome's session once loaded, reusing one session, and estimates before", async () => {
    const { api, sessions } = fakeLanguageModel();
    const engine = createChromeBuiltinEngine({ LanguageModel: api });
    const text = 'one two three four five six seven eight nine ten';
    expect(await engine.countTokens(text)).toBe(estimateTokens(text));
    await engine.load('chrome-builtin');
    const before = sessions.length;
    expect(await engine.countTokens(text)).toBe(10);
    expect(await engine.countTokens('a b')).toBe(2);
    expect(sessions.length).toBe(before + 1);
    await engine.unload();
    expect(sessions.at(-1)!.destroyed).toBe(true);
  });
});

describe('load and models', () => {
  it('offers one model and takes its context window from the session', async () => {
    const { api, sessions } = fakeLanguageModel({ contextWindow: 9216 });
    const engine = createChromeBuiltinEngine({ LanguageModel: api });
    expect((await engine.listModels()).map((m) => m.id)).toEqual(['chrome-builtin']);
    expect(engine.loadedModel()).toBeNull();

    const progress: number[] = [];
    await engine.load('chrome-builtin', { onProgress: (p) => progress.push(p.fraction) });
    expect(engine.loadedModel()).toBe('chrome-builtin');
    expect(engine.contextWindow()).toBe(9216);
    expect(progress).toEqual([0, 0.5, 1, 1]);
    expect(sessions.every((s) => s.destroyed)).toBe(true);
  });

  it('refuses other model ids', async () => {
    const { api } = fakeLanguageModel();
    await expect(createChromeBuiltinEngine({ LanguageModel: api }).load('gpt-4')).rejects.toMatchObject({
      code: 'unsupported-model',
    });
  });

  it('turns a failed download into download-failed with Chrome’s words', async () => {
    const { api } = fakeLanguageModel({ failCreate: new DOMException('disk full', 'OperationError') });
    const error = await createChromeBuiltinEngine({ LanguageModel: api })
      .load('chrome-builtin')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'download-failed', message: expect.stringContaining('disk full') });
  });
});

describe('stream', () => {
  it('puts system and history in initialPrompts and prompts with the last user message', async () => {
    const { api, created, prompts, sessions } = fakeLanguageModel({ chunks: ['I like ', 'tea', ' too.'] });
    const engine = createChromeBuiltinEngine({ LanguageModel: api });
    await engine.load('chrome-builtin');
    const { deltas, error } = await collect(engine.stream(chat));

    expect(error).toBeUndefined();
    expect(deltas).toEqual(['I like ', 'tea', ' too.']);
    expect(prompts).toEqual(['What do you think?']);
    expect(created.at(-1)?.initialPrompts).toEqual([
      { role: 'system', content: 'You are Hearth.\n\nThe user is reading about tea.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ]);
    expect(sessions.at(-1)?.destroyed).toBe(true);
  });

  it('needs load() first', async () => {
    const { api } = fakeLanguageModel();
    const { error } = await collect(createChromeBuiltinEngine({ LanguageModel: api }).stream(chat));
    expect(error?.code).toBe('not-loaded');
  });

  it('passes a temperature with the topK Chrome requires, clamped to its maximum', async () => {
    const { api, created } = fakeLanguageModel({ params: { defaultTopK: 3, maxTemperature: 2 } });
    const engine = createChromeBuiltinEngine({ LanguageModel: api });
    await engine.load('chrome-builtin');
    await collect(engine.stream(chat, { temperature: 5 }));
    expect(created.at(-1)).toMatchObject({ temperature: 2, topK: 3 });
  });

  it('constrains a structured reply to its JSON Schema with responseConstraint', async () => {
    const { api, constraints } = fakeLanguageModel();
    const engine = createChromeBuiltinEngine({ LanguageModel: api });
    await engine.load('chrome-builtin');
    const schema = { type: 'object', properties: { memories: { type: 'array' } } };
    await collect(engine.stream(chat));
    await collect(engine.stream(chat, { json: { name: 'memories', schema } }));
    expect(constraints).toEqual([undefined, schema]);
  });

  it('stops with aborted and destroys the session', async () => {
    const { api, sessions } = fakeLanguageModel({ chunks: ['a', 'b', 'c', 'd'] });
    const engine = createChromeBuiltinEngine({ LanguageModel: api });
    await engine.load('chrome-builtin');
    const controller = new AbortController();
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const delta of engine.stream(chat, { signal: controller.signal })) {
        deltas.push(delta);
        if (deltas.length === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted' });
    expect(deltas).toEqual(['a', 'b']);
    expect(sessions.at(-1)?.destroyed).toBe(true);
  });

  it('maps a too-long conversation to context-overflow', async () => {
    const { api } = fakeLanguageModel({ failPrompt: new DOMException('too big', 'QuotaExceededError') });
    const engine = createChromeBuiltinEngine({ LanguageModel: api });
    await engine.load('chrome-builtin');
    expect((await collect(engine.stream(chat))).error?.code).toBe('context-overflow');
  });

  it('turns the old cumulative chunks of ai.languageModel into deltas', async () => {
    const { api } = fakeLanguageModel({ chunks: ['Hel', 'Hello', 'Hello there'] });
    const legacy: PromptApi = { create: api.create, capabilities: async () => ({ available: 'readily' }) };
    const engine = createChromeBuiltinEngine({ ai: { languageModel: legacy } });
    await engine.load('chrome-builtin');
    expect((await collect(engine.stream(chat))).deltas).toEqual(['Hel', 'lo', ' there']);
  });
});

describe('toPromptApi', () => {
  it('needs a user message last', () => {
    expect(() => toPromptApi([{ role: 'assistant', content: 'hi' }])).toThrow(EngineError);
    expect(() => toPromptApi([])).toThrow(EngineError);
  });

  it('leaves out the system prompt when there is none', () => {
    expect(toPromptApi([{ role: 'user', content: 'hey' }])).toEqual({ initialPrompts: [], prompt: 'hey' });
  });
});
