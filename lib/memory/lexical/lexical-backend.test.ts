import { afterEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../../db/open';
import { openMemoryService, type MemoryService } from '../memory-service';
import { createMemoryStore, type MemoryStore } from '../memory-store';
import type { NewMemory } from '../records';
import { lexicalHits } from '../retrieval/lexical-hits';
import { DEFAULT_RETRIEVAL_CONFIG } from '../retrieval/retriever';
import { createLocalLexicalBackend, type LexicalBackend } from './lexical-backend';
import { createWorkerLexicalBackend } from './lexical-worker-client';
import { LexicalRequest } from './lexical-protocol';
import { serveLexical } from './lexical-serve';
import { createMemoryLexicalIndex, lexicalFields, neighbourText } from './memory-index';

let n = 0;
const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** The worker's protocol end to end, over a MessageChannel instead of a worker. */
function overChannel(backend: LexicalBackend): LexicalBackend {
  const channel = new MessageChannel();
  channels.push(channel);
  serveLexical(channel.port2 as unknown as Parameters<typeof serveLexical>[0], backend);
  channel.port2.start();
  channel.port1.start();
  return createWorkerLexicalBackend(channel.port1 as unknown as Parameters<typeof serveLexical>[0]);
}

const DAY = 86_400_000;
const start = Date.UTC(2023, 4, 1);
const TURNS = [
  'I went hiking on the mountain trail with my sister last weekend.',
  'That sounds lovely! Did you see anything on the trail?',
  'We saw a deer near the lake, and my sister took photos.',
  'My pottery class starts again on Tuesday, I am making a bowl.',
  'The clay kept collapsing on the wheel, but the teacher helped.',
  'My cat knocked the new bowl off the shelf.',
  'We are planning a trip to Lisbon in June with my sister.',
  'I have been reading a novel about sailors and the sea.',
];

/** Episodes of two conversations (indexed with their neighbours' words) and loose facts. */
function memories(): NewMemory[] {
  const out: NewMemory[] = TURNS.map((text, i) => ({
    text,
    kind: 'episode',
    provenance: { type: 'messages', messageIds: [`msg-${i}`] },
    conversationId: i < 5 ? 'c1' : 'c2',
    role: i % 2 ? 'assistant' : 'user',
    speaker: i % 2 ? 'Ember' : 'Sam',
    createdAt: start + i * DAY,
    validFrom: start + i * DAY,
  }));
  out.push(
    {
      text: 'Sam loves hiking with the sister',
      kind: 'user-fact',
      provenance: { type: 'messages', messageIds: ['msg-0'] },
      speaker: 'Sam',
    },
    {
      text: 'Sam has a cat called Miso',
      kind: 'user-fact',
      provenance: { type: 'messages', messageIds: ['msg-5'] },
      speaker: 'Sam',
    },
  );
  return out;
}

async function seeded(): Promise<{ store: MemoryStore; db: Awaited<ReturnType<typeof openHearthDb>> }> {
  const db = await openHearthDb({ name: `lexical-backend-${n++}` });
  const store = createMemoryStore(db);
  await store.addMany(memories());
  return { store, db };
}

const QUESTIONS = [
  'When did Sam go hiking with the sister?',
  'What happened to the bowl?',
  'Where is the trip in June?',
  'What is the pottery teacher like?',
  'Tell me about the cat',
];
const NOW = start + 30 * DAY;
const query = (text: string) => ({
  text,
  now: NOW,
  candidates: DEFAULT_RETRIEVAL_CONFIG.candidates,
  expansion: DEFAULT_RETRIEVAL_CONFIG.expansion,
});

async function recallAll(service: MemoryService): Promise<{ text: string; score: number }[][]> {
  const out = [];
  for (const q of QUESTIONS) {
    const found = await service.recall(q, { now: NOW, exclude: new Set() });
    out.push(found.map((m) => ({ text: m.record.text, score: m.score })));
  }
  return out;
}

describe('the keyword index off the main thread', () => {
  it('builds the same index as adding each memory with its fields, token for token', async () => {
    const { store } = await seeded();
    const records = await store.list({ includeSuperseded: true });
    const rebuilt = createLocalLexicalBackend(() => Promise.resolve(records));
    await rebuilt.ready;
    // The old way: every field tokenized from text, episodes with their neighbours' text.
    const added = createMemoryLexicalIndex();
    const episodes = records.filter((r) => r.kind === 'episode');
    for (const r of records.filter((r) => r.kind !== 'episode')) added.add(r.id, lexicalFields(r));
    for (const c of ['c1', 'c2']) {
      const list = episodes.filter((r) => r.conversationId === c).sort((a, b) => a.createdAt - b.createdAt);
      list.forEach((r, i) => added.add(r.id, lexicalFields(r, neighbourText(list, i, 2))));
    }
    for (const r of records) expect(rebuilt.index().termsOf(r.id)).toEqual(added.termsOf(r.id));
    for (const q of QUESTIONS) {
      const hits = await rebuilt.search(query(q));
      expect(hits.length).toBeGreaterThan(0);
      expect(hits).toEqual(lexicalHits(added, query(q)));
    }
  });

  it('recalls the same memories, with the same scores, in this context and through the worker protocol', async () => {
    // Two identical profiles: recall touches what it finds, which changes later scores.
    const local = await openMemoryService((await seeded()).db);
    const { db, store } = await seeded();
    const remote = await openMemoryService(db, {
      lexical: overChannel(createLocalLexicalBackend(() => store.list({ includeSuperseded: true }))),
    });
    const a = await recallAll(local);
    const b = await recallAll(remote);
    expect(a.flat().length).toBeGreaterThan(QUESTIONS.length);
    expect(b).toEqual(a);
  });

  it('answers a recall made while the index loads only once it is built, with every memory', async () => {
    const { store } = await seeded();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const backend = overChannel(
      createLocalLexicalBackend(async () => {
        await gate;
        return store.list({ includeSuperseded: true });
      }),
    );
    let answered = false;
    const pending = backend.search(query('pottery bowl clay')).then((hits) => {
      answered = true;
      return hits;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    release();
    const hits = await pending;
    const texts = (await store.getMany(hits.map((h) => h.id))).map((r) => r?.text);
    expect(texts).toContain('The clay kept collapsing on the wheel, but the teacher helped.');
    await backend.ready;
  });

  it('never returns a memory forgotten while the index loads, from the index or from recall', async () => {
    const { db, store } = await seeded();
    const all = await store.list();
    const cat = all.find((r) => r.text === 'Sam has a cat called Miso')!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let snapshotHadIt = false;
    const backend = overChannel(
      createLocalLexicalBackend(async () => {
        // The build read the store before the memory was forgotten…
        const records = await store.list({ includeSuperseded: true });
        snapshotHadIt = records.some((r) => r.id === cat.id);
        await gate;
        return records;
      }),
    );
    const service = await openMemoryService(db, { lexical: backend });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // …and it is forgotten (as the options page does) while the build is still going.
    await store.forget(cat.id);
    const gone = await service.refresh([cat.id]);
    expect(gone).toEqual([cat.id]);
    const recalled = service.recall('Tell me about the cat Miso', { now: NOW, exclude: new Set() });
    release();
    expect(snapshotHadIt).toBe(true);
    expect((await recalled).map((m) => m.record.id)).not.toContain(cat.id);
    const hits = await backend.search(query('cat Miso'));
    expect(hits.map((h) => h.id)).not.toContain(cat.id);
    // The other cat memory is still found: the search itself works.
    expect(hits.length).toBeGreaterThan(0);
  });

  it('reports a build that failed, and still answers searches (over what it has)', async () => {
    const backend = overChannel(createLocalLexicalBackend(() => Promise.reject(new Error('disk on fire'))));
    await expect(backend.ready).rejects.toThrow('disk on fire');
    expect(await backend.search(query('anything'))).toEqual([]);
  });

  it('drops malformed requests and answers the next good one', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    const backend = createLocalLexicalBackend(() => Promise.resolve([]));
    serveLexical(channel.port2 as unknown as Parameters<typeof serveLexical>[0], backend);
    channel.port2.start();
    channel.port1.start();
    const client = createWorkerLexicalBackend(channel.port1 as unknown as Parameters<typeof serveLexical>[0]);
    const bad = [
      { type: 'add', id: '', fields: { text: 'x' } },
      { type: 'add', id: 'm2', fields: { body: 'x' } },
      { type: 'search', requestId: -1, query: {} },
    ];
    for (const message of bad) expect(LexicalRequest.safeParse(message).success).toBe(false);
    channel.port1.postMessage({ type: 'add', id: '', fields: { text: 'x' } });
    channel.port1.postMessage({ type: 'search', requestId: -1, query: {} });
    client.add('m1', { text: 'a red kite over the hill' });
    const hits = await client.search(query('kite'));
    expect(hits.map((h) => h.id)).toEqual(['m1']);
  });
});
