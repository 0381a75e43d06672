import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import type { IDBPDatabase } from 'idb';
import { openHearthDb } from '../db/open';
import { createVectorStore } from '../memory/vector/vector-store';
import {
  BACKUP_VERSION,
  BackupError,
  STORE_SECTIONS,
  STORE_SECTION_NAMES,
  UNEXPORTED_STORES,
  describeCounts,
  formatPath,
  upgradeBackup,
  type BackupUpgrade,
} from './format';
import { importBackup, parseBackup } from './import';
import { wipeAll } from './wipe';
import { memory, seed } from './test-fixtures';

beforeEach(() => fakeBrowser.reset());

describe('the section registry', () => {
  it('decides for every store of the database whether it is exported (add a new store to one list)', async () => {
    const db = await openHearthDb({ name: `registry-${crypto.randomUUID()}` });
    const exported = STORE_SECTION_NAMES.map((name) => STORE_SECTIONS[name].store as string);
    const unexported = Object.keys(UNEXPORTED_STORES);
    const undecided = [...db.objectStoreNames].filter(
      (s) => !exported.includes(s) && !unexported.includes(s),
    );
    expect(undecided).toEqual([]);
    expect(exported.filter((s) => unexported.includes(s))).toEqual([]);
    for (const store of [...exported, ...unexported])
      expect(db.objectStoreNames.contains(store as never)).toBe(true);
    db.close();
  });

  it('a derived store is emptied when its source is replaced, kept on merge, and wiped', async () => {
    // The vector store (migration 003) is derived from memories.
    const name = `derived-${crypto.randomUUID()}`;
    const db = await openHearthDb({ name });
    const raw = db as unknown as IDBPDatabase;
    await seed(db);
    const vectors = createVectorStore(db);
    const put = (ids: string[]) =>
      vectors.put(
        't@q8',
        ids.map((id) => ({ id, vector: new Float32Array([1, 0, 0, 1]) })),
      );
    await put(['mem1', 'mem3']);
    const unexportedStores = UNEXPORTED_STORES;
    const file = (sections: object) => {
      const result = parseBackup(
        JSON.stringify({
          format: 'hearth-backup',
          version: 1,
          exportedAt: new Date(0).toISOString(),
          app: { version: '1' },
          sections,
        }),
      );
      if (!result.ok) throw new Error(result.error);
      return result.backup;
    };

    await importBackup(db, file({ memories: [memory('mem9', 'New.')] }), { mode: 'merge', unexportedStores });
    expect(await raw.count('vectorBlocks')).toBe(1);
    await importBackup(db, file({ personas: [] }), { mode: 'replace', unexportedStores });
    expect(await raw.count('vectorBlocks')).toBe(1);
    const result = await importBackup(db, file({ memories: [memory('mem9', 'New.')] }), {
      mode: 'replace',
      unexportedStores,
    });
    expect(result.cleared.sort()).toEqual(['memories', 'vectorBlocks']);
    expect(await raw.count('vectorBlocks')).toBe(0);

    await put(['mem9']);
    const wiped = await wipeAll(db, { storage: { local: browser.storage.local } });
    expect(wiped.stores.vectorBlocks).toBe(1);
    expect(await raw.count('vectorBlocks')).toBe(0);
    raw.close();
  });
});

describe('backup upgrades', () => {
  const chain: Record<number, BackupUpgrade> = {
    2: (v) => ({ ...v, sections: { ...(v.sections as object), renamed: true } }),
    3: (v) => ({ ...v, app: { version: `${(v.app as { version: string }).version}+3` } }),
  };

  it('runs every step from the file’s version up, in order', () => {
    const v1 = { format: 'hearth-backup', version: 1, app: { version: '0.1' }, sections: {} };
    expect(upgradeBackup(v1, 1, 3, chain)).toEqual({
      format: 'hearth-backup',
      version: 3,
      app: { version: '0.1+3' },
      sections: { renamed: true },
    });
    expect(upgradeBackup(v1, 2, 3, chain)).toEqual({ ...v1, version: 3, app: { version: '0.1+3' } });
    expect(upgradeBackup(v1, 1)).toBe(v1);
    expect(BACKUP_VERSION).toBe(1);
  });

  it('refuses a newer file, a missing step, a failing step and a version that is not one', () => {
    expect(() => upgradeBackup({}, 4, 3, chain)).toThrow(
      /newer Hearth \(backup version 4\); this one reads up to version 3/,
    );
    expect(() => upgradeBackup({ app: { version: '1' } }, 1, 4, chain)).toThrow(
      /no way to read backup version 3/,
    );
    const failing = {
      2: () => {
        throw new Error('boom');
      },
    };
    const error = (() => {
      try {
        upgradeBackup({}, 1, 2, failing);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toBe('This backup could not be upgraded to version 2.');
    expect((error as Error).cause).toEqual(new Error('boom'));
    expect(() => upgradeBackup({}, 1.5)).toThrow(/"1.5" is not a backup version/);
  });
});

describe('words', () => {
  it('names paths as people read them', () => {
    expect(formatPath(['sections', 'memories', 12, 'importance'])).toBe('memories[12].importance');
    expect(formatPath(['exportedAt'])).toBe('exportedAt');
    expect(formatPath([])).toBe('(the file)');
  });

  it('describes counts', () => {
    expect(describeCounts({ conversations: 1, messages: 1200, memories: 0, settings: 1 })).toBe(
      '1 conversation, 1,200 messages, 0 memories and settings',
    );
    expect(describeCounts({ memories: 3 })).toBe('3 memories');
    expect(describeCounts({})).toBe('nothing');
  });
});
