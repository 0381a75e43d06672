import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { openHearthDb } from '../db/open';
import {
  makeTinyEmbedder,
  tinyEmbeddingModel,
  type TinyEmbedder,
} from '../../test/fixtures/make-tiny-embedder';
import type { EmbeddingModel } from './embedders/catalog';
import { createEmbedRequestHandler, inProcessTransport } from './embedders/embed-handler';
import { createTransformersEmbedder } from './embedders/transformers-embedder';
import { createTransformersDeps } from './embedders/transformers-pipeline';
import { startDenseMemory, type DenseEmbedder, type DenseMemoryStatus } from './dense-memory';
import { openMemoryService } from './memory-service';
import { createVectorStore } from './vector/vector-store';
import type { NewMemory } from './records';

let counter = 0;
const freshName = () => `dense-memory-test-${Date.now()}-${counter++}`;

/** A deterministic bag-of-letters embedder that counts the texts it embeds. */
function countingEmbedder(id = 'fake@q8', dim = 16) {
  const calls = { batches: 0, texts: 0 };
  const embedder: DenseEmbedder = {
    id,
    dim,
    embed(texts) {
      calls.batches += 1;
      calls.texts += texts.length;
      return Promise.resolve(
        texts.map((text) => {
          const v = new Float32Array(dim);
          for (const ch of text.toLowerCase()) v[ch.charCodeAt(0) % dim]! += 1;
          v[0]! += 0.01;
          const norm = Math.hypot(...v);
          return v.map((x) => x / norm);
        }),
      );
    },
  };
  return { embedder, calls };
}

function memory(text: string, n: number): NewMemory {
  return {
    text,
    kind: 'episode',
    provenance: { type: 'messages', messageIds: [`m${n}`] },
    conversationId: 'c1',
    role: 'user',
    createdAt: 1000 + n,
  };
}

async function seeded(count: number) {
  const db = await openHearthDb({ name: freshName() });
  const service = await openMemoryService(db);
  await service.store.addMany(
    Array.from({ length: count }, (_, i) => memory(`Memory number ${i} about topic ${i % 7}.`, i)),
  );
  return { db, service };
}

describe('dense memory', () => {
  it('backfills every memory in batches, resumes without re-embedding, and forgets vectors', async () => {
    const { db, service } = await seeded(70);
    const { embedder, calls } = countingEmbedder();
    const statuses: DenseMemoryStatus[] = [];
    const dense = await startDenseMemory({
      db,
      store: service.store,
      modelId: 'fake',
      createEmbedder: () => Promise.resolve(embedder),
      onStatus: (s) => statuses.push(s),
    });
    service.enableDense(dense);
    await dense.backfilled;
    expect(calls).toEqual({ batches: 3, texts: 70 });
    const records = await service.store.list({ includeSuperseded: true });
    expect(records).toHaveLength(70);
    expect(records.every((r) => r.embedderId === 'fake@q8')).toBe(true);
    expect(dense.index.size).toBe(70);
    expect((await createVectorStore(db).stats('fake@q8')).vectors).toBe(70);
    expect(statuses.at(-1)).toEqual({ phase: 'ready', vectors: 70 });
    expect(statuses).toContainEqual({ phase: 'indexing', done: 32, total: 70 });

    // Retrieval uses the dense side once the backfill is over.
    const found = await service.recall('Memory number 3 about topic 3.', { now: 10_000, exclude: new Set() });
    expect(found.map((m) => m.record.text)).toContain('Memory number 3 about topic 3.');

    // Forgetting (in another context) then refreshing removes the vector.
    const forgotten = records[5]!.id;
    await service.store.forget([forgotten]);
    expect(await service.refresh([forgotten])).toEqual([forgotten]);
    await dense.idle();
    expect(dense.index.has(forgotten)).toBe(false);
    expect(await db.getAllKeysFromIndex('vectorBlocks', 'byId', forgotten)).toEqual([]);
    expect((await createVectorStore(db).stats('fake@q8')).vectors).toBe(69);

    // New memories from ingestion are embedded too.
    const written = await service.ingest(
      [
        {
          id: 'new1',
          conversationId: 'c1',
          seq: 99,
          role: 'user',
          content: 'My sister Ada plays the cello.',
          createdAt: 5000,
          status: 'complete',
        },
      ],
      { user: 'Sam', companion: 'Ember' },
    );
    expect(written.length).toBeGreaterThan(0);
    await dense.idle();
    for (const id of written) expect(dense.index.has(id)).toBe(true);
    expect((await service.store.getMany(written)).every((r) => r?.embedderId === 'fake@q8')).toBe(true);
    const total = dense.index.size;
    dense.stop();
    expect(service.disableDense()).toBe(dense);

    // A restart on the same database loads the index without embedding anything.
    const again = countingEmbedder();
    const service2 = await openMemoryService(db);
    const dense2 = await startDenseMemory({
      db,
      store: service2.store,
      modelId: 'fake',
      createEmbedder: () => Promise.resolve(again.embedder),
    });
    await dense2.backfilled;
    expect(again.calls.texts).toBe(0);
    expect(dense2.index.size).toBe(total);
    dense2.stop();
    db.close();
  });

  it('resumes a backfill cut short: only memories without a vector are embedded', async () => {
    const { db, service } = await seeded(40);
    const first = countingEmbedder();
    let dense = await startDenseMemory({
      db,
      store: service.store,
      modelId: 'fake',
      batchSize: 8,
      createEmbedder: () => Promise.resolve(first.embedder),
      onStatus: (s) => {
        if (s.phase === 'indexing' && s.done >= 16) dense.stop();
      },
    });
    await dense.backfilled;
    const embedded = (await service.store.list({ includeSuperseded: true })).filter(
      (r) => r.embedderId === 'fake@q8',
    ).length;
    expect(embedded).toBeGreaterThanOrEqual(16);
    expect(embedded).toBeLessThan(40);

    const second = countingEmbedder();
    dense = await startDenseMemory({
      db,
      store: service.store,
      modelId: 'fake',
      batchSize: 8,
      createEmbedder: () => Promise.resolve(second.embedder),
    });
    await dense.backfilled;
    expect(second.calls.texts).toBe(40 - embedded);
    expect(dense.index.size).toBe(40);
    dense.stop();
    db.close();
  });

  it('a different embedder keeps its own vectors, and a stale vector of a wiped memory goes', async () => {
    const { db, service } = await seeded(5);
    const a = countingEmbedder('a@q8');
    const denseA = await startDenseMemory({
      db,
      store: service.store,
      modelId: 'a',
      createEmbedder: () => Promise.resolve(a.embedder),
    });
    await denseA.backfilled;
    denseA.stop();
    const b = countingEmbedder('b@q8');
    const denseB = await startDenseMemory({
      db,
      store: service.store,
      modelId: 'b',
      createEmbedder: () => Promise.resolve(b.embedder),
    });
    await denseB.backfilled;
    expect(b.calls.texts).toBe(5);
    expect((await createVectorStore(db).stats('a@q8')).vectors).toBe(5);
    service.enableDense(denseB);
    await db.clear('memories');
    await service.refresh(undefined);
    await denseB.idle();
    expect(denseB.index.size).toBe(0);
    expect((await createVectorStore(db).stats('b@q8')).vectors).toBe(0);
    denseB.stop();
    db.close();
  });
});

describe('dense memory with a real (tiny) transformers.js model', () => {
  let tiny: TinyEmbedder;
  beforeAll(async () => {
    tiny = await makeTinyEmbedder();
  });
  afterAll(async () => {
    await rm(tiny.root, { recursive: true, force: true });
  });

  it('embeds every memory and stores its vector', async () => {
    const { db, service } = await seeded(10);
    const model: EmbeddingModel = tinyEmbeddingModel(tiny, { label: 'Tiny' });
    const deps = createTransformersDeps({
      localModelPath: tiny.root,
      allowLocalModels: true,
      allowRemoteModels: false,
      useFSCache: false,
    });
    const dense = await startDenseMemory({
      db,
      store: service.store,
      modelId: tiny.modelId,
      createEmbedder: ({ onProgress }) =>
        createTransformersEmbedder(model, {
          createTransport: () => inProcessTransport(createEmbedRequestHandler(deps)),
          device: 'cpu',
          onProgress,
        }),
    });
    await dense.backfilled;
    const records = await service.store.list({ includeSuperseded: true });
    expect(records.every((r) => r.embedderId === dense.embedderId)).toBe(true);
    expect(dense.embedderId).toContain(tiny.modelId);
    expect((await createVectorStore(db).stats(dense.embedderId)).vectors).toBe(10);
    dense.stop();
    db.close();
  }, 60_000);
});
