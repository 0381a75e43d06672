import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openHearthDb } from '../open';
import { DB_VERSION } from './index';
import { createVectorStore } from '../../memory/vector/vector-store';
import { createSecretStore } from '../../settings/secrets';
import { STORED_MEMORY } from './test-records';

const freshName = () => `migration-004-test-${crypto.randomUUID()}`;

describe('migration 004: secrets', () => {
  it('upgrades a version 3 database with its memories and vectors intact and a working secret store', async () => {
    const name = freshName();
    const v3 = await openHearthDb({ name, version: 3 });
    expect(v3.objectStoreNames.contains('secrets' as never)).toBe(false);
    await v3.put('memories', { ...STORED_MEMORY });
    await createVectorStore(v3).put('e@q8', [{ id: 'mem1', vector: new Float32Array([1, 0, 0, 0]) }]);
    v3.close();

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(4);
    expect(await db.get('memories', 'mem1')).toMatchObject(STORED_MEMORY);
    expect((await createVectorStore(db).stats('e@q8')).vectors).toBe(1);
    expect(await db.count('secrets')).toBe(0);

    const secrets = createSecretStore(
      async () => db,
      () => 42,
    );
    await secrets.set('openai.apiKey', 'sk-1');
    expect(await secrets.get('openai.apiKey')).toBe('sk-1');
    expect(await db.get('secrets', 'openai.apiKey')).toEqual({
      name: 'openai.apiKey',
      value: 'sk-1',
      updatedAt: 42,
    });
    db.close();
  });

  it('reads a damaged secret record as no secret, not as a crash', async () => {
    const name = freshName();
    (await openHearthDb({ name })).close();
    const raw = await openDB(name);
    await raw.put('secrets', { name: 'openai.apiKey', value: 12 });
    raw.close();
    const db = await openHearthDb({ name });
    expect(await createSecretStore(async () => db).get('openai.apiKey')).toBe('');
    db.close();
  });
});
