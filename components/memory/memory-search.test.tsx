import { describe, expect, it } from 'vitest';
import { buildSearchIndex, searchMemories, updateSearchIndex } from './memory-search';
import { at, mem } from './test-memories';

const now = at(2026, 6, 1);

describe('memory search', () => {
  const records = [
    mem('hike', { text: 'Sam loves hiking in the Alps', createdAt: at(2026, 5, 1) }),
    mem('tea', { text: 'Sam drinks green tea every morning', createdAt: at(2026, 5, 2) }),
    mem('hike-old', {
      text: 'Sam hated hiking as a child',
      createdAt: at(2025, 1, 1),
      supersededBy: 'hike',
      validUntil: at(2026, 5, 1),
    }),
    mem('pinned', { text: 'Hiking boots are size 44', pinned: true, pinnedAt: 1, createdAt: at(2024, 1, 1) }),
    mem('ep1', { kind: 'episode', conversationId: 'c1', text: 'We talked about mountains', createdAt: 1 }),
    mem('ep2', { kind: 'episode', conversationId: 'c1', text: 'and the weather up there', createdAt: 2 }),
  ];
  const byId = new Map(records.map((r) => [r.id, r]));

  it('finds every match: current ones ranked by retrieval, replaced ones after', async () => {
    const index = await buildSearchIndex(records, { chunk: 2 });
    expect(index.size).toBe(records.length);
    const { ids } = await searchMemories(index, byId, 'hiking', now);
    expect(new Set(ids)).toEqual(new Set(['hike', 'pinned', 'hike-old']));
    expect(ids.at(-1)).toBe('hike-old');
  });

  it('indexes episodes with their neighbours, like the chat', async () => {
    const index = await buildSearchIndex(records);
    expect((await searchMemories(index, byId, 'weather', now)).ids).toContain('ep2');
    // "mountains" is only in ep1, but ep2 gets it as context.
    const { ids, matched } = await searchMemories(index, byId, 'mountains', now);
    expect(ids).toEqual(['ep1', 'ep2']);
    // ep2 is there only through its neighbour: related, after the memory that says it.
    expect(matched.get('ep1')).toEqual(['mountains']);
    expect(matched.get('ep2')).toEqual([]);
  });

  it('follows changes', async () => {
    const index = await buildSearchIndex(records);
    updateSearchIndex(index, 'tea', undefined);
    expect((await searchMemories(index, byId, 'tea', now)).ids).toEqual([]);
    const coffee = mem('coffee', { text: 'Sam switched to coffee' });
    updateSearchIndex(index, 'coffee', coffee);
    expect((await searchMemories(index, new Map([...byId, ['coffee', coffee]]), 'coffee', now)).ids).toEqual([
      'coffee',
    ]);
  });

  it('lists what says the searched word before what is only next to it, and says which words matched', async () => {
    const chat = [
      mem('porto', {
        kind: 'episode',
        conversationId: 'c2',
        text: 'I moved to Porto last spring',
        createdAt: 10,
      }),
      mem('why', { kind: 'episode', conversationId: 'c2', text: 'Lisbon got too expensive', createdAt: 11 }),
      mem('lisbon', { text: 'Sam lived in Lisbon for years', createdAt: 5 }),
      mem('said', { kind: 'episode', speaker: 'Lisbon', text: 'Hello there', createdAt: 3 }),
    ];
    const map = new Map(chat.map((r) => [r.id, r]));
    const { ids, matched } = await searchMemories(await buildSearchIndex(chat), map, 'lisbon', now);
    expect(ids.slice(0, 3).sort()).toEqual(['lisbon', 'said', 'why']);
    expect(ids.at(-1)).toBe('porto');
    expect(matched.get('lisbon')).toEqual(['Lisbon']);
    expect(matched.get('porto')).toEqual([]);
  });

  it('stops building when aborted', async () => {
    const abort = new AbortController();
    const building = buildSearchIndex(records, { chunk: 1, signal: abort.signal });
    abort.abort();
    await expect(building).rejects.toThrow();
  });
});
