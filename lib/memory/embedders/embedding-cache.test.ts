import { describe, expect, it, vi } from 'vitest';
import {
  cachedEmbedder,
  contentKey,
  createMemoryEmbeddingStore,
  raceAbort,
  type EmbeddingCacheStore,
} from './embedding-cache';

/** A fake batch embedder: vector = [text length, first char code], with call log and optional gate. */
function fakeModel() {
  const calls: string[][] = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  return {
    calls,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
    async embedBatch(texts: string[]) {
      calls.push(texts);
      await gate;
      return texts.map((t) => Float32Array.of(t.length, t.charCodeAt(0) || 0));
    },
  };
}

const setup = (batchSize = 3, store: EmbeddingCacheStore = createMemoryEmbeddingStore()) => {
  const model = fakeModel();
  const embed = cachedEmbedder((texts) => model.embedBatch(texts), {
    embedderId: 'test@q8',
    dim: 2,
    store,
    batchSize,
  });
  return { model, embed, store };
};

describe('contentKey', () => {
  it('is a hex SHA-256 that depends on embedder and text', async () => {
    const key = await contentKey('m@q8', 'hello');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await contentKey('m@q8', 'hello')).toBe(key);
    expect(await contentKey('m@fp32', 'hello')).not.toBe(key);
    expect(await contentKey('m@q8', 'hello ')).not.toBe(key);
  });
});

describe('createMemoryEmbeddingStore', () => {
  it('returns only hits and forgets the least recently used beyond its size', async () => {
    const store = createMemoryEmbeddingStore({ maxEntries: 2 });
    await store.put([
      { key: 'a', vector: Float32Array.of(1) },
      { key: 'b', vector: Float32Array.of(2) },
    ]);
    await store.get(['a']); // a is now the most recent
    await store.put([{ key: 'c', vector: Float32Array.of(3) }]);
    expect([...(await store.get(['a', 'b', 'c', 'x'])).keys()]).toEqual(['a', 'c']);
    expect(store.size).toBe(2);
  });
});

describe('cachedEmbedder', () => {
  it('keeps the order of the texts, in batches, with duplicates embedded once', async () => {
    const { model, embed } = setup(3);
    const out = await embed(['aa', 'b', 'aa', 'cccc', 'dd', 'e']);
    expect(model.calls).toEqual([
      ['aa', 'b', 'cccc'],
      ['dd', 'e'],
    ]);
    expect(out.map((v) => v[0])).toEqual([2, 1, 2, 4, 2, 1]);
  });

  it('sends only the misses to the model and returns copies', async () => {
    const { model, embed } = setup(3);
    const [first] = await embed(['x']);
    first![0] = 99; // a caller mutating its vector must not change the cache
    const [again, fresh] = await embed(['x', 'yy']);
    expect(model.calls).toEqual([['x'], ['yy']]);
    expect(again![0]).toBe(1);
    expect(fresh![0]).toBe(2);
    expect(await embed([])).toEqual([]);
  });

  it('waits for a text another call is embedding instead of embedding it twice', async () => {
    const { model, embed } = setup(8);
    model.hold();
    const one = embed(['shared', 'only-one']);
    await new Promise((r) => setTimeout(r, 5));
    const two = embed(['shared', 'only-two']);
    await new Promise((r) => setTimeout(r, 5));
    model.release();
    const [[s1], [s2]] = await Promise.all([one, two]);
    expect(Array.from(s1!)).toEqual(Array.from(s2!));
    expect(model.calls.flat().filter((t) => t === 'shared')).toHaveLength(1);
  });

  it('ignores stored vectors of the wrong length and an unreadable store', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = createMemoryEmbeddingStore();
    await store.put([{ key: await contentKey('test@q8', 'abc'), vector: Float32Array.of(1, 2, 3) }]);
    const { model, embed } = setup(3, store);
    expect((await embed(['abc']))[0]).toEqual(Float32Array.of(3, 97));
    const broken: EmbeddingCacheStore = {
      get: () => Promise.reject(new Error('disk on fire')),
      put: () => Promise.reject(new Error('disk on fire')),
    };
    const other = setup(3, broken);
    expect((await other.embed(['abc']))[0]).toEqual(Float32Array.of(3, 97));
    expect(model.calls).toEqual([['abc']]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('passes a model failure on, and a later call tries again', async () => {
    let fail = true;
    const calls: string[][] = [];
    const embed = cachedEmbedder(
      async (texts) => {
        calls.push(texts);
        if (fail) throw new Error('worker gone');
        return texts.map(() => Float32Array.of(1, 0));
      },
      { embedderId: 'm', dim: 2, store: createMemoryEmbeddingStore(), batchSize: 2 },
    );
    await expect(embed(['a', 'b', 'c'])).rejects.toThrow('worker gone');
    expect(calls).toEqual([['a', 'b']]); // later batches of the failed call are not sent
    fail = false;
    expect(await embed(['a', 'b', 'c'])).toHaveLength(3);
  });

  it('returns at once on abort, keeps the running batch, and sends no further batches', async () => {
    const { model, embed, store } = setup(2);
    model.hold();
    const controller = new AbortController();
    const call = embed(['a', 'b', 'c', 'd'], controller.signal);
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    model.release();
    await new Promise((r) => setTimeout(r, 5));
    expect(model.calls).toEqual([['a', 'b']]);
    expect((store as ReturnType<typeof createMemoryEmbeddingStore>).size).toBe(2);
    const already = new AbortController();
    already.abort();
    await expect(embed(['a'], already.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a call waiting on an aborted call embeds the abandoned texts itself', async () => {
    const { model, embed } = setup(1);
    model.hold();
    const controller = new AbortController();
    const first = embed(['a', 'b'], controller.signal);
    // Once the first call is at the model, it has claimed both texts (a wait, not a timing).
    await vi.waitFor(() => expect(model.calls).toHaveLength(1));
    const second = embed(['b']); // b is claimed by the first call, which will give up before reaching it
    controller.abort();
    model.release();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect((await second)[0]).toEqual(Float32Array.of(1, 98));
    expect(model.calls).toEqual([['a'], ['b']]);
  });
});

describe('raceAbort', () => {
  it('passes the result through without a signal or before an abort', async () => {
    expect(await raceAbort(Promise.resolve(1), undefined)).toBe(1);
    expect(await raceAbort(Promise.resolve(2), new AbortController().signal)).toBe(2);
  });
});
