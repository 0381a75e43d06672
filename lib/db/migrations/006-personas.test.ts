import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../open';
import { DB_VERSION } from './index';
import { PersonaRecord } from '../records';
import { createMemoryStore } from '../../memory/memory-store';
import { STORED_MEMORY } from './test-records';

const freshName = () => `migration-006-test-${crypto.randomUUID()}`;

/** A persona exactly as versions 1 to 5 wrote it. */
const OLD_PERSONA = {
  id: 'p1',
  name: 'Ember',
  description: 'warm',
  personality: 'kind',
  greeting: 'Hi',
  speakingStyle: 'plain',
  createdAt: 1,
  updatedAt: 1,
};

const conversation = (id: string, personaId: string) => ({
  id,
  title: id,
  personaId,
  createdAt: 1000,
  updatedAt: 1000,
});

describe('migration 006: personas', () => {
  it('upgrades a version 5 database: personas get the card fields, memories their owner, nothing else changes', async () => {
    const name = freshName();
    const v5 = await openHearthDb({ name, version: 5 });
    expect(v5.objectStoreNames.contains('personaAssets' as never)).toBe(false);
    await v5.put('personas', OLD_PERSONA as never);
    await v5.put('personas', { ...OLD_PERSONA, id: 'p2', name: 'Sage' } as never);
    await v5.put('conversations', conversation('c1', 'p1'));
    await v5.put('conversations', conversation('c2', 'p2'));
    const rows = [
      { ...STORED_MEMORY, id: 'ep1', kind: 'episode', role: 'user', conversationId: 'c1' },
      { ...STORED_MEMORY, id: 'ep2', kind: 'episode', role: 'assistant', conversationId: 'c2' },
      { ...STORED_MEMORY, id: 'said2', kind: 'companion-fact', conversationId: 'c2' },
      { ...STORED_MEMORY, id: 'fact1', kind: 'user-fact', conversationId: 'c1' },
      { ...STORED_MEMORY, id: 'pref2', kind: 'preference', conversationId: 'c2' },
      { ...STORED_MEMORY, id: 'orphan', kind: 'episode', conversationId: 'gone' },
      {
        ...STORED_MEMORY,
        id: 'page',
        kind: 'page',
        conversationId: undefined,
        provenance: { type: 'page', url: 'https://example.com/a' },
        site: 'example.com',
      },
    ];
    for (const row of rows) await v5.put('memories', row as never);
    await v5.put('moodStates', { personaId: 'p1', pad: { p: 0, a: 0, d: 0 } } as never);
    v5.close();

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(6);

    const persona = await db.get('personas', 'p1');
    expect(persona).toMatchObject(OLD_PERSONA);
    expect(persona).toMatchObject({
      nickname: '',
      scenario: '',
      alternateGreetings: [],
      exampleDialogue: '',
      systemPrompt: '',
      postHistoryInstructions: '',
      appearance: '',
      keepsToItself: false,
      temperament: null,
      lorebook: null,
      card: null,
    });
    // What the migration wrote is a whole persona of today's shape.
    expect(PersonaRecord.safeParse(persona).success).toBe(true);

    const owner = async (id: string) => (await db.get('memories', id))?.personaId;
    expect(await owner('ep1')).toBe('p1');
    expect(await owner('ep2')).toBe('p2');
    expect(await owner('said2')).toBe('p2');
    expect(await owner('fact1')).toBeNull();
    expect(await owner('pref2')).toBeNull();
    expect(await owner('orphan')).toBeNull();
    expect(await owner('page')).toBeNull();
    expect(await db.count('memories')).toBe(rows.length);
    // Apart from the owner, every memory is as it was.
    const fact = await db.get('memories', 'fact1');
    expect({ ...fact, personaId: undefined }).toEqual({ ...rows[3], personaId: undefined });

    // The index lists a persona's own memories only; shared ones are not in it.
    expect(
      await db.getAllKeysFromIndex('memories', 'byPersona', IDBKeyRange.bound(['p2', 0], ['p2', Infinity])),
    ).toEqual(['ep2', 'said2']);
    expect(await db.get('moodStates', 'p1')).toBeDefined();

    // The new store works, and the memory store keeps owners on what it writes.
    await db.put('personaAssets', {
      id: 'a1',
      personaId: 'p1',
      kind: 'emotion',
      label: 'happy',
      mime: 'image/png',
      bytes: new Uint8Array([1, 2, 3]),
      createdAt: 5,
    });
    expect(await db.getAllKeysFromIndex('personaAssets', 'byPersona')).toEqual(['a1']);
    const store = createMemoryStore(db);
    const { record } = await store.add({
      text: 'Ember said hello.',
      kind: 'episode',
      provenance: { type: 'messages', messageIds: ['m9'] },
      personaId: 'p1',
    });
    expect((await db.get('memories', record.id))?.personaId).toBe('p1');
    db.close();
  });

  it('upgrades an empty version 5 database', async () => {
    const name = freshName();
    (await openHearthDb({ name, version: 5 })).close();
    const db = await openHearthDb({ name });
    expect(db.objectStoreNames.contains('personaAssets')).toBe(true);
    expect(await db.count('personas')).toBe(0);
    db.close();
  });
});
