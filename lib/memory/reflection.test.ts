import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../test/support/scripted-llm-server';
import { createOpenAiEngine } from '../llm/openai-compatible';
import { openHearthDb } from '../db/open';
import { createMemoryStore, type MemoryStore } from './memory-store';
import { MIN_NEW_MEMORIES, reflect, shouldReflect } from './reflection';

let server: ScriptedLlmServer;
let store: MemoryStore;
beforeEach(async () => {
  server = await startScriptedLlmServer();
  store = createMemoryStore(await openHearthDb({ name: `reflect-${crypto.randomUUID()}` }));
});
afterEach(async () => {
  await server.close();
});

async function engine() {
  const e = createOpenAiEngine({ baseUrl: server.baseUrl });
  await e.load('test-model');
  return e;
}

async function seed(n: number) {
  for (let i = 0; i < n; i++) {
    await store.add({
      kind: 'episode',
      text: `Turn ${i} about running training`,
      provenance: { type: 'messages', messageIds: [`msg${i}`] },
      createdAt: 1000 + i,
    });
  }
  await store.add({
    kind: 'page',
    text: 'A page says the user hates running',
    provenance: { type: 'page', url: 'https://evil.test/' },
    createdAt: 5000,
  });
}

describe('reflection', () => {
  it('writes insights whose provenance is the messages behind the memories they cite, never a page', async () => {
    await seed(MIN_NEW_MEMORIES);
    server.enqueueJson({
      kind: 'reply',
      text: '{"insights":[{"text":"The user is training for a race","importance":0.8,"sources":[1,2]},{"text":"Cites nothing","importance":0.3,"sources":[99]}]}',
    });
    const written = await reflect({ engine: await engine(), store, since: 0 });
    expect(written.map((r) => r.text)).toEqual(['The user is training for a race']);
    expect(written[0]!.kind).toBe('reflection');
    expect(written[0]!.provenance).toEqual({ type: 'messages', messageIds: ['msg0', 'msg1'] });
    const prompt = (server.requests.at(-1)!.body as { messages: { content: string }[] }).messages[1]!.content;
    expect(prompt).not.toContain('evil');
    expect(prompt).toContain('[1]');
  });

  it("belongs to the persona whose memories it cites, and never mixes two personas' own memories", async () => {
    for (let i = 0; i < MIN_NEW_MEMORIES; i++) {
      await store.add({
        kind: 'episode',
        text: `Turn ${i} about running training`,
        provenance: { type: 'messages', messageIds: [`msg${i}`] },
        createdAt: 1000 + i,
        personaId: i === 0 ? 'sage' : 'ember',
      });
    }
    await store.add({
      kind: 'user-fact',
      text: 'The user runs marathons',
      provenance: { type: 'messages', messageIds: ['fact'] },
      createdAt: 900,
      personaId: null,
    });
    server.enqueueJson({
      kind: 'reply',
      text: '{"insights":[{"text":"Mixed","importance":0.5,"sources":[2,3]},{"text":"Ember only","importance":0.5,"sources":[3,4,1]},{"text":"Shared","importance":0.5,"sources":[1]}]}',
    });
    const written = await reflect({ engine: await engine(), store, since: 0 });
    expect(written.map((r) => [r.text, r.personaId])).toEqual([
      ['Ember only', 'ember'],
      ['Shared', null],
    ]);
  });

  it('does nothing with too few memories, and skips a malformed answer after one retry', async () => {
    await seed(MIN_NEW_MEMORIES - 1);
    expect(await reflect({ engine: await engine(), store, since: 0 })).toEqual([]);
    expect(server.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);
    await seed(2);
    server.enqueueJson({ kind: 'reply', text: '{"insights":"no"}' }, { kind: 'reply', text: 'still no' });
    expect(await reflect({ engine: await engine(), store, since: 0 })).toEqual([]);
    expect(await store.count({ kind: 'reflection' })).toBe(0);
  });

  it('is scheduled only when idle, with enough new memories, not too often', () => {
    const base = {
      now: 10 * 3_600_000,
      lastReflectionAt: 0,
      newMemories: MIN_NEW_MEMORIES,
      idleSince: 0,
      busy: false,
    };
    expect(shouldReflect(base)).toBe(true);
    expect(shouldReflect({ ...base, busy: true })).toBe(false);
    expect(shouldReflect({ ...base, newMemories: MIN_NEW_MEMORIES - 1 })).toBe(false);
    expect(shouldReflect({ ...base, idleSince: base.now - 1000 })).toBe(false);
    expect(shouldReflect({ ...base, lastReflectionAt: base.now - 3_600_000 })).toBe(false);
  });
});
