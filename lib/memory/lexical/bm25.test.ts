import { describe, expect, it } from 'vitest';
import { createBm25Index } from './bm25';

const single = () => createBm25Index({ fields: { text: { weight: 1 } } });

describe('BM25 index', () => {
  it('ranks the document that matches rarer query terms first', () => {
    const index = single();
    index.add('a', { text: 'I painted a sunrise over the lake last year' });
    index.add('b', { text: 'the lake was cold this morning' });
    index.add('c', { text: 'I went to the pottery class' });
    const hits = index.search('When did she paint the sunrise?', 10);
    expect(hits.map((h) => h.id)).toEqual(['a']);
    expect(
      index
        .search('lake', 10)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(index.search('nothing matches', 10)).toEqual([]);
  });

  it('updates and removes documents incrementally', () => {
    const index = single();
    index.add('a', { text: 'pottery class' });
    index.add('b', { text: 'camping trip' });
    index.add('a', { text: 'swimming lesson' });
    expect(index.size).toBe(2);
    expect(index.search('pottery', 5)).toEqual([]);
    expect(index.search('swimming', 5).map((h) => h.id)).toEqual(['a']);
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.search('camping', 5)).toEqual([]);
    expect(index.has('b')).toBe(false);
    expect(index.termsOf('a')).toEqual(
      new Map([
        ['swim', 1],
        ['lesson', 1],
      ]),
    );
  });

  it('weights fields (BM25F) and applies filters', () => {
    const index = createBm25Index({ fields: { text: { weight: 1 }, context: { weight: 0.2 } } });
    index.add('main', { text: 'adoption agencies research' });
    index.add('side', { text: 'that sounds great', context: 'adoption agencies research' });
    index.add('noise', { text: 'unrelated words here' });
    const hits = index.search('adoption research', 5);
    expect(hits.map((h) => h.id)).toEqual(['main', 'side']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(index.search('adoption', 5, { filter: (id) => id !== 'main' }).map((h) => h.id)).toEqual(['side']);
  });

  it('can require one of some terms, other terms only adding to the score', () => {
    const index = single();
    index.add('a', { text: 'running clears my head' });
    index.add('b', { text: 'running and pottery help me destress' });
    index.add('c', { text: 'pottery class' });
    const [destress, pottery] = index.tokenize('destress pottery') as [string, string];
    const terms = new Map([
      [destress, 1],
      [pottery, 0.3],
    ]);
    expect(index.searchTerms(terms, 5).map((h) => h.id)).toEqual(['b', 'c']);
    expect(index.searchTerms(terms, 5, { requireAny: new Set([destress]) }).map((h) => h.id)).toEqual(['b']);
  });

  it('keeps idf correct after removals and compaction', () => {
    const index = single();
    for (let i = 0; i < 3000; i++)
      index.add(`d${i}`, { text: i % 2 ? 'common odd' : `common even rare${i}` });
    for (let i = 0; i < 2500; i++) index.remove(`d${i}`);
    expect(index.size).toBe(500);
    const fresh = single();
    for (let i = 2500; i < 3000; i++)
      fresh.add(`d${i}`, { text: i % 2 ? 'common odd' : `common even rare${i}` });
    expect(index.idf('common')).toBeCloseTo(fresh.idf('common'));
    expect(index.search('even rare2600', 3)).toEqual(fresh.search('even rare2600', 3));
  });

  // Speed at this size is measured by `npm run bench`, never asserted here; this checks that
  // the index stays correct at 100k documents (a query's hits all contain a query term).
  it('indexes and searches 100k memories correctly', () => {
    const vocab = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = () => vocab[Math.floor(rnd() ** 2 * vocab.length)]!;
    const index = single();
    const texts = new Map<string, string>();
    for (let i = 0; i < 100_000; i++) {
      const text = Array.from({ length: 14 }, pick).join(' ');
      texts.set(`m${i}`, text);
      index.add(`m${i}`, { text });
    }
    expect(index.size).toBe(100_000);
    for (let q = 0; q < 20; q++) {
      const terms = Array.from({ length: 6 }, pick);
      const hits = index.search(terms.join(' '), 50);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) expect(terms.some((t) => texts.get(hit.id)!.split(' ').includes(t))).toBe(true);
    }
  }, 60_000);
});
