import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../../test/support/scripted-llm-server';
import { openHearthDb } from '../../db/open';
import type { MessageRecord } from '../../db/records';
import { createOpenAiEngine } from '../../llm/openai-compatible';
import { USER_SPEAKER } from '../fact-text';
import { openMemoryService, type MemoryService } from '../memory-service';

let server: ScriptedLlmServer;
let memory: MemoryService;
let n = 0;
beforeEach(async () => {
  server = await startScriptedLlmServer();
  memory = await openMemoryService(await openHearthDb({ name: `ingest-with-engine-${n++}` }));
});
afterEach(async () => {
  await server.close();
});

// As the panel passes them (lib/companion/chat-session.ts).
const speakers = { user: USER_SPEAKER, companion: 'Ember' };
let seq = 0;
function turn(user: string, reply: string): MessageRecord[] {
  const at = Date.UTC(2026, 11, 1) + seq * 60_000;
  const base = { conversationId: 'c1', createdAt: at, status: 'complete' as const };
  return [
    { ...base, id: `u${seq}`, seq: seq++, role: 'user', content: user },
    { ...base, id: `a${seq}`, seq: seq++, role: 'assistant', content: reply },
  ];
}
const extractionRequests = () =>
  server.requests.filter(
    (r) => r.path.endsWith('/chat/completions') && (r.body as { response_format?: unknown }).response_format,
  );
const facts = async () =>
  (await memory.store.list({ kind: ['user-fact', 'preference', 'event'] })).map((r) => r.text).sort();

describe('ingesting turns with an engine', () => {
  it('makes exactly one extraction request per turn, with the schema, and keeps the rules’ facts when the answer is bad', async () => {
    const engine = createOpenAiEngine({ baseUrl: server.baseUrl });
    await engine.load('test-model');
    server.enqueueJson(
      { kind: 'reply', text: '{"memories": [{"kind": "user-fact", "text": "?"}]}' },
      { kind: 'reply', text: 'I am not JSON' },
    );
    await memory.ingest(turn('I live in Lisbon and I love fado.', 'How lovely!'), speakers, engine);
    expect(extractionRequests()).toHaveLength(1);
    await memory.ingest(turn('My sister is Ana, she paints.', 'Tell me more.'), speakers, engine);
    expect(extractionRequests()).toHaveLength(2);
    for (const request of extractionRequests())
      expect((request.body as { response_format: { type: string } }).response_format.type).toBe(
        'json_schema',
      );
    expect(await facts()).toEqual(
      ['The user lives in Lisbon', 'The user loves fado', "The user's sister is Ana"].sort(),
    );
  });

  it('stores what a valid answer says, one request per turn, and the fact replaces the old one', async () => {
    const engine = createOpenAiEngine({ baseUrl: server.baseUrl });
    await engine.load('test-model');
    const fact = (text: string) =>
      JSON.stringify({ memories: [{ kind: 'user-fact', text, importance: 0.8, about: 'lives in' }] });
    server.enqueueJson(
      { kind: 'reply', text: fact('The user lives in Lisbon') },
      { kind: 'reply', text: fact('The user lives in Porto') },
    );
    await memory.ingest(turn('I have been living in Lisbon for years.', 'Nice.'), speakers, engine);
    await memory.ingest(turn('We moved, Porto is home now.', 'Exciting!'), speakers, engine);
    expect(extractionRequests()).toHaveLength(2);
    expect(await facts()).toEqual(['The user lives in Porto']);
  });

  it('files facts from the rules and from the model under one slot, so either replaces the other', async () => {
    const engine = createOpenAiEngine({ baseUrl: server.baseUrl });
    await engine.load('test-model');
    const fact = (text: string, about: string) =>
      JSON.stringify({ memories: [{ kind: 'user-fact', text, importance: 0.8, about }] });
    server.enqueueJson(
      { kind: 'reply', text: 'not JSON: the rules take this turn' },
      { kind: 'reply', text: fact('The user lives in Porto', 'Home city') },
      { kind: 'status', status: 500 },
    );
    await memory.ingest(turn('I live in Lisbon, by the river.', 'Nice.'), speakers, engine);
    const rulesLisbon = await memory.store.list({ kind: 'user-fact' });
    expect(rulesLisbon.map((r) => r.text)).toEqual(['The user lives in Lisbon']);
    await memory.ingest(turn('We moved, Porto is home now.', 'Exciting!'), speakers, engine);
    // The model's Porto fact closed the rules' Lisbon fact.
    const all = await memory.store.list({ kind: 'user-fact', includeSuperseded: true });
    const lisbon = all.find((r) => r.text.includes('Lisbon'))!;
    const porto = all.find((r) => r.text.includes('Porto'))!;
    expect(lisbon.supersededBy).toBe(porto.id);
    expect(porto.slot).toBe(lisbon.slot);
    // And back: the rules' Coimbra fact (the engine failed) closes the model's Porto fact.
    await memory.ingest(turn('Now I live in Coimbra for work.', 'Another move!'), speakers, engine);
    expect((await memory.store.list({ kind: 'user-fact' })).map((r) => r.text)).toEqual([
      'The user lives in Coimbra for work',
    ]);
  });

  it('replaces a fact the model filed under the slot names of an earlier version', async () => {
    // As version 0.x stored the model's facts: `<kind>:llm:<about>`.
    const { record: old } = await memory.store.add({
      text: 'The user lives in Lisbon',
      kind: 'user-fact',
      role: 'user',
      slot: 'user-fact:llm:lives in',
      provenance: { type: 'messages', messageIds: ['old'] },
    });
    await memory.ingest(turn('I live in Porto now.', 'Nice.'), speakers, null);
    expect((await memory.store.get(old.id))?.supersededBy).toBeDefined();
    expect((await memory.store.list({ kind: 'user-fact' })).map((r) => r.text)).toEqual([
      'The user lives in Porto now',
    ]);
  });
});
