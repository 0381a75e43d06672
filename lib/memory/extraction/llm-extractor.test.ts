import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../../test/support/scripted-llm-server';
import { createOpenAiEngine } from '../../llm/openai-compatible';
import { createLlmExtractor } from './llm-extractor';

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
const jsonRequests = () =>
  server.requests.filter(
    (r) =>
      (r.body as { response_format?: { type: string } } | undefined)?.response_format?.type === 'json_object',
  );

describe('LLM extractor (structured request against a loopback endpoint)', () => {
  it('asks for a JSON object and returns validated memories with slots', async () => {
    server.enqueueJson({
      kind: 'reply',
      text: '{"memories":[{"kind":"user-fact","text":"The user lives in Porto","importance":0.8,"about":"Lives in"},{"kind":"preference","text":"The user adores Porto tiles","importance":0.5}]}',
    });
    const out = await (await extractor()).extract(input);
    expect(out).toEqual([
      { kind: 'user-fact', text: 'The user lives in Porto', importance: 0.8, slot: 'user-fact:llm:lives in' },
      { kind: 'preference', text: 'The user adores Porto tiles', importance: 0.5, slot: undefined },
    ]);
    const body = jsonRequests()[0]!.body as { messages: { role: string; content: string }[] };
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: input.text });
  });

  it('retries once with the validation error, then accepts a corrected answer', async () => {
    server.enqueueJson(
      { kind: 'reply', text: '{"memories":[{"kind":"fact","text":"x","importance":2}]}' },
      {
        kind: 'reply',
        text: 'Sure! ```json\n{"memories":[{"kind":"event","text":"The user moved to Porto","importance":0.7}]}\n```',
      },
    );
    const out = await (await extractor()).extract(input);
    expect(out.map((m) => m.text)).toEqual(['The user moved to Porto']);
    const retry = jsonRequests()[1]!.body as { messages: { role: string; content: string }[] };
    expect(retry.messages.at(-1)!.content).toMatch(/does not match the format \(memories\.0\.kind/);
  });

  it('skips after a second bad answer, and never asks about the companion’s own words', async () => {
    server.enqueueJson(
      { kind: 'reply', text: 'not json at all' },
      { kind: 'reply', text: '{"memories":"nope"}' },
    );
    expect(await (await extractor()).extract(input)).toEqual([]);
    expect(jsonRequests()).toHaveLength(2);
    expect(await (await extractor()).extract({ ...input, role: 'assistant' })).toEqual([]);
    expect(jsonRequests()).toHaveLength(2);
  });
});
