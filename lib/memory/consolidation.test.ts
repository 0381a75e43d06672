import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createIngestor } from './ingest';
import { createMemoryLexicalIndex } from './lexical/memory-index';
import { createMemoryStore } from './memory-store';
import { extractWithRules } from './extraction/rules';

async function setup() {
  const db = await openHearthDb({ name: `consolidation-${crypto.randomUUID()}` });
  const store = createMemoryStore(db);
  const ingestor = createIngestor({ store, lexical: createMemoryLexicalIndex(), speakers: { user: 'Sam' } });
  let seq = 0;
  const say = (text: string, day: number) =>
    ingestor.ingestTurn({
      messageId: `m${seq++}`,
      role: 'user',
      text,
      at: new Date(2026, 0, day),
      conversationId: 'c',
    });
  return { store, say };
}

describe('consolidation', () => {
  it('gives present-tense facts a slot and past ones none', () => {
    const [lives] = extractWithRules({ text: 'I live in Lisbon.', role: 'user', speaker: 'Sam', at: 0 });
    expect(lives).toMatchObject({ text: 'Sam lives in Lisbon', slot: 'user-fact:Sam:live in' });
    const [was] = extractWithRules({ text: 'My cat was grumpy.', role: 'user', speaker: 'Sam', at: 0 });
    expect(was?.slot).toBeUndefined();
  });

  it('a changed fact supersedes the old one, which is kept and closed', async () => {
    const { store, say } = await setup();
    await say('I live in Lisbon.', 1);
    const moved = await say('I live in Porto now.', 20);
    const facts = await store.list({ kind: 'user-fact', includeSuperseded: true });
    const lisbon = facts.find((f) => f.text.includes('Lisbon'))!;
    const porto = facts.find((f) => f.text.includes('Porto'))!;
    expect(moved.extracted.map((r) => r.id)).toContain(porto.id);
    expect(lisbon.supersededBy).toBe(porto.id);
    expect(lisbon.validUntil).toBe(porto.validFrom);
    expect(porto.supersededBy).toBeUndefined();
    const current = await store.list({ kind: 'user-fact' });
    expect(current.map((f) => f.text)).toEqual(['Sam lives in Porto now']);
  });

  it('saying the same fact again merges it instead of superseding or duplicating', async () => {
    const { store, say } = await setup();
    await say('My favourite colour is green.', 1);
    await say('My favourite colour is green.', 2);
    const facts = await store.list({ kind: 'user-fact', includeSuperseded: true });
    expect(facts).toHaveLength(1);
    expect(facts[0]!.provenance).toEqual({ type: 'messages', messageIds: ['m0', 'm1'] });
  });
});
