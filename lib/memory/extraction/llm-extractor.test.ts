import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../../test/support/scripted-llm-server';
import { createOpenAiEngine } from '../../llm/openai-compatible';
import { createLlmExtractor, EXTRACTION_JSON, ExtractionAnswer } from './llm-extractor';

let server: ScriptedLlmServer;
beforeEach(async () => {
  server = await startScriptedLlmServer();
});
afterEach(async () => {
  await server.close();
});

async function extractor() {
  const engine = createOpenAiEngine({ baseUrl: server.baseUrl });
  await engine.load('test-model');
  return createLlmExtractor(engine);
}
const input = { text: 'I just moved to Porto and I adore the tiles.', role: 'user' as const, at: 0 };
type Body = { response_format?: Record<string, unknown>; messages: { role: string; content: string }[] };
const completions = () =>
  server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as Body);
/** What the rules alone make of `input`. */
const RULES = ['The user adores the tiles', 'The user moved to Porto'];

describe('LLM extractor (structured request against a loopback endpoint)', () => {
  it('asks with the answer’s JSON Schema and returns validated memories with slots', async () => {
    server.enqueueJson({
      kind: 'reply',
      text: '{"memories":[{"kind":"user-fact","text":"The user lives in Porto","importance":0.8,"about":"Lives in"},{"kind":"preference","text":"The user adores Porto tiles","importance":0.5,"about":null}]}',
    });
    const out = await (await extractor()).extract(input);
    expect(out).toEqual([
      { kind: 'user-fact', text: 'The user lives in Porto', importance: 0.8, slot: 'user-fact:User:live in' },
      { kind: 'preference', text: 'The user adores Porto tiles', importance: 0.5, slot: undefined },
    ]);
    const [body] = completions();
    expect(completions()).toHaveLength(1);
    expect(body!.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'memories', schema: EXTRACTION_JSON.schema, strict: true },
    });
    expect(body!.messages.at(-1)).toEqual({ role: 'user', content: input.text });
  });

  it('falls back to the rules, with no second request, when the answer does not validate', async () => {
    server.enqueueJson(
      { kind: 'reply', text: '{"memories":[{"kind":"fact","text":"x","importance":2}]}' },
      { kind: 'reply', text: 'not json at all' },
    );
    const ex = await extractor();
    expect((await ex.extract(input)).map((m) => m.text)).toEqual(RULES);
    expect(completions()).toHaveLength(1);
    expect((await ex.extract(input)).map((m) => m.text)).toEqual(RULES);
    expect(completions()).toHaveLength(2);
  });

  it('falls back to the rules when the engine fails', async () => {
    server.enqueueJson({ kind: 'status', status: 500 });
    expect((await (await extractor()).extract(input)).map((m) => m.text)).toEqual(RULES);
    expect(completions()).toHaveLength(1);
  });

  it('steps down to a JSON object, then to no JSON mode, when the server refuses with 400, and remembers', async () => {
    server.enqueueJson(
      {
        kind: 'status',
        status: 400,
        body: '{"error":{"message":"response_format json_schema is not supported"}}',
      },
      {
        kind: 'reply',
        text: '{"memories":[{"kind":"event","text":"The user moved to Porto","importance":0.7,"about":null}]}',
      },
      { kind: 'reply', text: '{"memories":[]}' },
    );
    const ex = await extractor();
    expect((await ex.extract(input)).map((m) => m.text)).toEqual(['The user moved to Porto']);
    expect(completions().map((b) => b.response_format?.type)).toEqual(['json_schema', 'json_object']);
    // The engine remembers: the next turn asks for a JSON object straight away, once.
    expect(await ex.extract(input)).toEqual([]);
    expect(completions().map((b) => b.response_format?.type)).toEqual([
      'json_schema',
      'json_object',
      'json_object',
    ]);

    // A server with no JSON mode at all: asked plainly; prose back means the rules decide.
    server.enqueueJson({ kind: 'status', status: 400 }, { kind: 'status', status: 400 });
    server.enqueue({ kind: 'reply', text: 'Sure! You moved to Porto.' });
    const plain = await extractor();
    expect((await plain.extract(input)).map((m) => m.text)).toEqual(RULES);
    expect(
      completions()
        .slice(3)
        .map((b) => b.response_format?.type),
    ).toEqual(['json_schema', 'json_object', undefined]);
  });

  it('never asks about the companion’s own words, and leaves short messages to the rules', async () => {
    const ex = await extractor();
    expect(await ex.extract({ ...input, role: 'assistant' })).toEqual([]);
    expect((await ex.extract({ ...input, text: 'I love tea.' })).map((m) => m.text)).toEqual([
      'The user loves tea',
    ]);
    expect(completions()).toHaveLength(0);
  });

  it('accepts every answer the JSON Schema allows (about as null or a string)', () => {
    const answer = {
      memories: [
        { kind: 'event', text: 'The user ran a marathon', importance: 0.9, about: null },
        { kind: 'user-fact', text: 'The user works as a nurse', importance: 0.6, about: 'job' },
      ],
    };
    expect(ExtractionAnswer.safeParse(answer).success).toBe(true);
    const items = (EXTRACTION_JSON.schema.properties as { memories: { items: { required: string[] } } })
      .memories.items;
    expect([...items.required].sort()).toEqual(Object.keys(answer.memories[0]!).sort());
  });
});
