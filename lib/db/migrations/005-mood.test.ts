import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openHearthDb } from '../open';
import { DB_VERSION } from './index';
import { createSecretStore } from '../../settings/secrets';
import { createMoodStore } from '../../mood/mood-store';
import { createMoodService } from '../../mood/mood-service';
import { createSerialWriter } from '../../companion/background/serial-writer';
import { STORED_MEMORY } from './test-records';

const freshName = () => `migration-005-test-${crypto.randomUUID()}`;
const sad = { pad: { p: -0.9, a: -0.4, d: -0.5 }, emotions: [{ label: 'sadness', p: 0.9 }], intensity: 1 };

describe('migration 005: mood', () => {
  it('upgrades a version 4 database with its data intact and working mood, relationship and log stores', async () => {
    const name = freshName();
    const v4 = await openHearthDb({ name, version: 4 });
    expect(v4.objectStoreNames.contains('moodStates' as never)).toBe(false);
    await v4.put('memories', { ...STORED_MEMORY });
    await v4.put('secrets', { name: 'openai.apiKey', value: 'sk-1', updatedAt: 1 });
    v4.close();

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(5);
    expect(await db.get('memories', 'mem1')).toMatchObject(STORED_MEMORY);
    expect(await createSecretStore(async () => db).get('openai.apiKey')).toBe('sk-1');
    expect(await db.count('moodStates')).toBe(0);

    let t = 1_000;
    const service = createMoodService({
      store: async () => createMoodStore(db),
      appraise: async () => sad,
      writer: createSerialWriter(),
      now: () => (t += 1000),
      publish: () => {},
    });
    await service.appraise({ personaId: 'default', messageId: 'm1', text: 'so sad', role: 'user' });
    expect(await db.count('moodStates')).toBe(1);
    expect(await db.count('relationships')).toBe(1);
    expect(await db.getAllKeysFromIndex('moodLog', 'byPersona')).toHaveLength(2);
    db.close();
  });

  it('a mood record of another shape (older or damaged) starts afresh from the temperament, logged, instead of crashing', async () => {
    const name = freshName();
    (await openHearthDb({ name })).close();
    const raw = await openDB(name);
    await raw.put('moodStates', { personaId: 'default', pad: { p: 'low' } });
    raw.close();
    const db = await openHearthDb({ name });
    const service = createMoodService({
      store: async () => createMoodStore(db),
      appraise: async () => sad,
      writer: createSerialWriter(),
      now: () => 5_000,
      publish: () => {},
    });
    const { mood } = await service.get('default');
    expect(mood.pad).toEqual(mood.baseline);
    await service.appraise({ personaId: 'default', messageId: 'm1', text: 'so sad', role: 'user' });
    const log = await service.history('default');
    expect(log[0]).toMatchObject({ kind: 'reset', cause: 'reset-mood' });
    expect(log[0]!.rule).toMatch(/could not be read/);
    db.close();
  });
});
