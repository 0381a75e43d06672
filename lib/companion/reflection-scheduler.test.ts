import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { openMemoryService } from '../memory/memory-service';
import { MIN_NEW_MEMORIES } from '../memory/reflection';
import type { Change } from '../messaging/changes';
import { LAST_REFLECTION_KEY, createReflectionScheduler } from './reflection-scheduler';
import { ScriptedEngine } from '../../test/unit/support/scripted-engine';

describe('the reflection schedule', () => {
  it('reflects once the engine is idle and enough is new, then not again for hours', async () => {
    const db = await openHearthDb({ name: 'reflection-scheduler' });
    const memory = await openMemoryService(db);
    let now = Date.UTC(2026, 11, 2, 9);
    for (let i = 0; i < MIN_NEW_MEMORIES; i++) {
      await memory.store.add({
        text: `The user mentioned hobby number ${i}`,
        kind: 'user-fact',
        provenance: { type: 'messages', messageIds: [`m${i}`] },
        createdAt: now,
      });
    }
    const stored = new Map<string, unknown>();
    const published: Change[] = [];
    const engine = new ScriptedEngine([], {
      structured: () =>
        JSON.stringify({
          insights: [{ text: 'The user has many hobbies.', importance: 0.6, sources: [1, 2] }],
        }),
    });
    const scheduler = createReflectionScheduler({
      memory,
      engine: () => engine,
      busy: () => false,
      storage: { get: async (k) => stored.get(k), set: async (k, v) => void stored.set(k, v) },
      clock: { now: () => now, every: () => () => {} },
      changes: { publish: (c) => published.push(c), subscribe: () => () => {} },
    });
    scheduler.noteActivity();
    expect(await scheduler.tick()).toEqual([]); // not idle long enough
    now += 120_000;
    const written = await scheduler.tick();
    expect(written).toHaveLength(1);
    expect(stored.get(LAST_REFLECTION_KEY)).toBe(now);
    expect(published).toEqual([{ topic: 'memories', ids: written }]);
    expect((await memory.store.get(written[0]!))?.kind).toBe('reflection');
    now += 60_000;
    expect(await scheduler.tick()).toEqual([]);
  });
});
