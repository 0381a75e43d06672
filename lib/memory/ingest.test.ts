import { beforeEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import type { Embedder } from './embedder';
import { createIngestor, episodeImportance } from './ingest';
import { createMemoryLexicalIndex, indexMemories, type MemoryLexicalIndex } from './lexical/memory-index';
import { createMemoryStore, type MemoryStore } from './memory-store';
import { createRetriever } from './retrieval/retriever';
import type { DenseIndex } from './retrieval/types';

let n = 0;
let store: MemoryStore;
let lexical: MemoryLexicalIndex;
const may = (day: number) => new Date(2023, 4, day, 12);

/** A toy embedder: one dimension per topic, so tests can reason about similarity. */
const TOPICS = [/hiking|mountain|trail/, /pottery|clay|wheel/, /cat|dog/];
const toyEmbedder: Embedder = {
  id: 'toy@1',
  dim: TOPICS.length,
  async embed(texts) {
    return texts.map((t) => {
      const v = Float32Array.from(TOPICS, (topic) => (topic.test(t.toLowerCase()) ? 1 : 0));
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  },
};
function exactIndex(): DenseIndex & { size: number } {
  const vectors = new Map<string, Float32Array>();
  return {
    get size() {
      return vectors.size;
    },
    add: (id, v) => void vectors.set(id, v),
    remove: (id) => void vectors.delete(id),
    search: (q, k) =>
      [...vectors]
        .map(([id, v]) => ({ id, score: v.reduce((s, x, i) => s + x * (q[i] ?? 0), 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, k),
  };
}

beforeEach(async () => {
  store = createMemoryStore(await openHearthDb({ name: `ingest-test-${n++}` }));
  lexical = createMemoryLexicalIndex();
});

describe('ingestion', () => {
  it('stores an episode per turn with provenance, and distilled memories citing the same message', async () => {
    const ingestor = createIngestor({ store, lexical, speakers: { user: 'Caroline', companion: 'Ember' } });
    const { episode, extracted } = await ingestor.ingestTurn({
      messageId: 'msg-1',
      role: 'user',
      text: 'I went to a support group yesterday. I love my new pottery class.',
      at: may(8),
      conversationId: 'c1',
    });
    expect(episode).toMatchObject({
      kind: 'episode',
      speaker: 'Caroline',
      role: 'user',
      conversationId: 'c1',
      provenance: { type: 'messages', messageIds: ['msg-1'] },
      createdAt: may(8).getTime(),
      validFrom: new Date(2023, 4, 7).getTime(),
    });
    expect(extracted.map((e) => e.kind).sort()).toEqual(['event', 'preference']);
    for (const e of extracted) expect(e.provenance).toEqual({ type: 'messages', messageIds: ['msg-1'] });
    expect(await store.count()).toBe(3);
    expect(lexical.size).toBe(3);
  });

  it('rates small talk below turns that say something', () => {
    expect(episodeImportance('Thanks!', [], false)).toBeLessThan(
      episodeImportance('I moved to Lisbon last year for a job at the hospital.', [], true),
    );
  });

  it('retrieves by words before any embedder, with provenance and neighbouring turns as context', async () => {
    const ingestor = createIngestor({ store, lexical, speakers: { user: 'Jon', companion: 'Gina' } });
    const turns: [string, 'user' | 'assistant', string][] = [
      ['t1', 'user', 'We finally did the long trail in the Alps!'],
      ['t2', 'assistant', 'Wow, how long did that take you?'],
      ['t3', 'user', 'Three days, with two nights in huts.'],
      ['t4', 'assistant', 'My cat knocked over my pottery again.'],
    ];
    for (const [id, role, text] of turns) {
      await ingestor.ingestTurn({ messageId: id, role, text, at: may(10), conversationId: 'c1' });
    }
    const retriever = createRetriever({ lexical, getRecords: (ids) => store.getMany(ids) });
    const results = await retriever.retrieve({
      text: 'How long was the Alps trail?',
      now: may(20).getTime(),
      k: 3,
    });
    expect(results[0]?.provenance).toEqual({ type: 'messages', messageIds: ['t1'] });
    // "Three days" shares no word with the question; it is found through its neighbour.
    expect(results.map((r) => r.provenance.type === 'messages' && r.provenance.messageIds[0])).toContain(
      't3',
    );
    expect(results[0]?.components.relevance).toBeGreaterThan(0);
  });

  it('joins dense vectors when an embedder is given, in batches', async () => {
    const vectors = exactIndex();
    const ingestor = createIngestor({
      store,
      lexical,
      dense: { embedder: toyEmbedder, index: vectors, batchSize: 10 },
      contextWindow: 0,
      extractors: [],
    });
    await ingestor.ingestTurn({
      messageId: 'a',
      role: 'user',
      text: 'Went hiking in the mountains',
      at: may(1),
    });
    await ingestor.ingestTurn({
      messageId: 'b',
      role: 'user',
      text: 'Bought clay for the wheel',
      at: may(2),
    });
    expect(vectors.size).toBe(0);
    await ingestor.flush();
    expect(vectors.size).toBe(2);
    expect((await store.list()).every((r) => r.embedderId === 'toy@1')).toBe(true);

    const retriever = createRetriever({
      lexical,
      getRecords: (ids) => store.getMany(ids),
      dense: { embedder: toyEmbedder, searcher: vectors },
    });
    // No shared word with the turn, but the toy embedder links pottery and clay.
    const [top] = await retriever.retrieve({ text: 'pottery', now: may(3).getTime(), k: 1 });
    expect(top?.record.text).toBe('Bought clay for the wheel');
  });

  it('rebuilds the lexical index from the store on start-up', async () => {
    const ingestor = createIngestor({ store, lexical, extractors: [] });
    await ingestor.ingestTurn({
      messageId: 'a',
      role: 'user',
      text: 'My cat is called Tom',
      at: may(1),
      conversationId: 'c',
    });
    const rebuilt = createMemoryLexicalIndex();
    indexMemories(rebuilt, await store.list());
    expect(rebuilt.search('cat Tom', 5).map((h) => h.id)).toEqual(
      lexical.search('cat Tom', 5).map((h) => h.id),
    );
  });
});

describe('retrieval scoring', () => {
  it('uses dates for time questions, pins, and leaves superseded facts out', async () => {
    const ingestor = createIngestor({ store, lexical, contextWindow: 0 });
    await ingestor.ingestTurn({
      messageId: 'old',
      role: 'user',
      text: 'Visited the museum with the kids',
      at: may(1),
    });
    await ingestor.ingestTurn({
      messageId: 'new',
      role: 'user',
      text: 'Visited the museum again',
      at: new Date(2023, 6, 2),
    });
    const retriever = createRetriever({ lexical, getRecords: (ids) => store.getMany(ids) });
    const now = new Date(2023, 7, 1).getTime();
    const inMay = await retriever.retrieve({ text: 'museum visit in May', now, k: 1 });
    expect(inMay[0]?.provenance).toEqual({ type: 'messages', messageIds: ['old'] });

    const both = await retriever.retrieve({ text: 'museum', now, k: 5 });
    const other = both.find((r) => r.record.kind === 'episode' && r.record.text.includes('again'))!.record;
    await store.supersede(other.id, {
      text: 'Never went to that museum',
      kind: 'user-fact',
      provenance: { type: 'messages', messageIds: ['fix'] },
    });
    const after = await retriever.retrieve({ text: 'museum', now, k: 5 });
    expect(after.map((r) => r.record.id)).not.toContain(other.id);
  });

  it('lifts pinned memories', async () => {
    const ingestor = createIngestor({ store, lexical, contextWindow: 0, extractors: [] });
    await ingestor.ingestTurn({
      messageId: 'a',
      role: 'user',
      text: 'Visited the museum on a rainy day',
      at: may(1),
    });
    await ingestor.ingestTurn({
      messageId: 'b',
      role: 'user',
      text: 'Visited the museum on a sunny day',
      at: may(1),
    });
    const retriever = createRetriever({ lexical, getRecords: (ids) => store.getMany(ids) });
    const before = await retriever.retrieve({ text: 'museum', now: may(2).getTime(), k: 2 });
    const second = before[1]!.record;
    await store.pin(second.id);
    const after = await retriever.retrieve({ text: 'museum', now: may(2).getTime(), k: 2 });
    expect(after[0]?.record.id).toBe(second.id);
    expect(after[0]?.components.pinned).toBe(1);
  });
});

describe('ingestion after memories change elsewhere', () => {
  const live = (text: string, day: number) => ({
    messageId: `m-${day}`,
    role: 'user' as const,
    text,
    at: may(day),
    conversationId: 'c1',
  });
  const currentFacts = async () => (await store.list({ kind: 'user-fact' })).map((r) => r.text).sort();

  it('keeps a new fact when the fact it would replace was forgotten meanwhile', async () => {
    const ingestor = createIngestor({ store, lexical });
    const { extracted } = await ingestor.ingestTurn(live('I live in Lisbon.', 1));
    const lisbon = extracted.find((r) => r.kind === 'user-fact');
    expect(lisbon?.text).toBe('The user lives in Lisbon');
    await store.forget(lisbon!.id);

    const { extracted: next } = await ingestor.ingestTurn(live('I live in Porto now.', 2));
    expect(next.map((r) => r.text)).toContain('The user lives in Porto now');
    expect(await currentFacts()).toEqual(['The user lives in Porto now']);
    // Nothing was closed on the user's behalf: the forgotten fact is simply gone.
    expect(await store.get(lisbon!.id)).toBeUndefined();
  });

  it('replaces the fact as it is stored now, not as the ingestor first read it', async () => {
    const ingestor = createIngestor({ store, lexical });
    const { extracted } = await ingestor.ingestTurn(live('I live in Lisbon.', 1));
    const lisbon = extracted.find((r) => r.kind === 'user-fact')!;
    // Another context (the manager, another panel) replaces it.
    const { record: paris } = await store.supersede(lisbon.id, {
      kind: 'user-fact',
      text: 'The user lives in Paris',
      provenance: { type: 'messages', messageIds: ['m-other'] },
      slot: lisbon.slot,
      validFrom: may(2).getTime(),
    });
    await ingestor.ingestTurn(live('I live in Porto.', 3));
    expect(await currentFacts()).toEqual(['The user lives in Porto']);
    expect((await store.get(paris.id))?.supersededBy).toBeDefined();
  });
});
