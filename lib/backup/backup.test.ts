import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { StorageError } from '../db/errors';
import { loadSettings, saveSettings, updateSettings } from '../settings/store';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { subscribeChanges, type Change } from '../messaging/changes';
import { backupFilename, backupToBlob, exportBackup, serializeBackup } from './export';
import { checkBackup, importBackup, keepLocalSecrets, parseBackup, type ParseResult } from './import';
import { wipeAll } from './wipe';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupFile } from './format';
import {
  conversation,
  freshDb,
  memory,
  message,
  persona,
  seed,
  snapshot,
  withoutEmbedder,
} from './test-fixtures';

let db: IDBPDatabase<HearthDB>;
const storage = () => ({ local: browser.storage.local, session: browser.storage.session });
const userSettings: Settings = {
  ...DEFAULT_SETTINGS,
  onboarded: true,
  activePersonaId: 'p2',
  engine: {
    active: 'openai',
    webllm: { modelId: null },
    openai: { baseUrl: 'https://llm.example.org/v1', apiKey: 'sk-secret', model: 'llama' },
  },
  generation: { temperature: 1.1, maxReplyTokens: 900 },
};
const importSettings = { update: updateSettings };

beforeEach(async () => {
  fakeBrowser.reset();
  db = await freshDb();
});
afterEach(() => db.close());

/** A valid backup file built by hand, for the tests that break one thing in it. */
function fileWith(sections: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: '2025-03-14T09:26:53.000Z',
    app: { version: '0.1.0' },
    sections,
    ...header,
  });
}

function parsed(text: string): BackupFile {
  const result = parseBackup(text);
  if (!result.ok) throw new Error(`expected a valid backup, got: ${result.error}`);
  return result.backup;
}

function failure(result: ParseResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
}

describe('export, wipe, import', () => {
  it('gives back the same records and settings (the key of the endpoint stays on the device)', async () => {
    await seed(db);
    await saveSettings(userSettings);
    const before = await snapshot(db);

    const backup = await exportBackup(db, {
      settings: async () => (await loadSettings()).settings,
      appVersion: '0.1.0',
      now: () => new Date('2025-03-14T09:26:53Z'),
    });
    const text = await backupToBlob(backup).text();
    expect(JSON.parse(text)).toEqual(backup);
    expect(backup).toMatchObject({
      format: 'hearth-backup',
      version: 1,
      exportedAt: '2025-03-14T09:26:53.000Z',
    });
    expect(text).not.toContain('sk-secret');
    expect(text).not.toContain('embedderId');

    const wiped = await wipeAll(db, { storage: storage() });
    expect(wiped.stores).toEqual({
      conversations: 2,
      memories: 4,
      messages: 5,
      personas: 2,
      vectorBlocks: 0,
      secrets: 0,
      moodStates: 0,
      personaAssets: 0,
      relationships: 0,
      moodLog: 0,
      images: 0,
      outbox: 0,
      webhookEndpoints: 0,
      deliveries: 0,
      seenLog: 0,
      pageSummaries: 0,
    });
    expect(wiped.storage.local).toEqual(['settings']);
    expect(Object.values(await snapshot(db)).flat()).toEqual([]);

    // On a fresh install the user types the key again; it is never read from the file.
    // The user confirmed the file's server (the wiped browser has none): see import-safety.test.ts.
    const result = await importBackup(db, parsed(text), {
      mode: 'replace',
      settings: importSettings,
      allowEndpointChange: true,
    });
    expect(result.counts).toEqual({
      personas: 2,
      conversations: 2,
      messages: 5,
      memories: 4,
      images: 0,
      settings: 1,
    });
    expect(result.endpoint).toEqual({
      from: 'no engine yet',
      to: 'the server at https://llm.example.org/v1',
      applied: true,
    });
    const after = await snapshot(db);
    expect(after.personas).toStrictEqual(before.personas);
    expect(after.conversations).toStrictEqual(before.conversations);
    expect(after.messages).toStrictEqual(before.messages);
    // Vectors are not exported: the memories come back the same, minus the pointer to them.
    expect(after.memories).toStrictEqual(before.memories!.map(withoutEmbedder));
    expect((await loadSettings()).settings).toEqual({
      ...userSettings,
      engine: { ...userSettings.engine, openai: { ...userSettings.engine.openai, apiKey: '' } },
    });
  });

  it('keeps this browser’s endpoint key on import only for the same endpoint', () => {
    const fromFile = {
      ...userSettings,
      engine: { ...userSettings.engine, openai: { ...userSettings.engine.openai, apiKey: '' } },
    };
    expect(keepLocalSecrets(fromFile, userSettings).engine.openai.apiKey).toBe('sk-secret');
    const elsewhere = {
      ...fromFile,
      engine: {
        ...fromFile.engine,
        openai: { ...fromFile.engine.openai, baseUrl: 'https://evil.example/v1' },
      },
    };
    expect(keepLocalSecrets(elsewhere, userSettings).engine.openai.apiKey).toBe('');
  });

  it('exports memories only as a subset of the same format', async () => {
    await seed(db);
    const backup = await exportBackup(db, { sections: ['memories'], settings: async () => userSettings });
    expect(Object.keys(backup.sections)).toEqual(['memories']);
    expect(backup.sections.memories!.map((m) => m.id)).toEqual(['mem1', 'mem2', 'mem3', 'mem4']);

    const other = await freshDb();
    const result = await importBackup(other, parsed(serializeBackup(backup).join('')), { mode: 'merge' });
    expect(result.counts).toEqual({ memories: 4 });
    expect(await other.count('conversations')).toBe(0);
    expect(await other.getAll('memories')).toStrictEqual((await db.getAll('memories')).map(withoutEmbedder));
    other.close();
  });

  it('serializes an empty database and empty sections to valid JSON', async () => {
    const backup = await exportBackup(db, { appVersion: '1' });
    expect(backup.sections).toEqual({
      personas: [],
      conversations: [],
      messages: [],
      memories: [],
      images: [],
    });
    expect(parsed(serializeBackup(backup).join(''))).toEqual(backup);
    const none = await exportBackup(db, { sections: [], appVersion: '1' });
    expect(parsed(serializeBackup(none).join('')).sections).toEqual({});
  });

  it('stops an export that holds a damaged record, naming it', async () => {
    await seed(db);
    await db.put('memories', { ...memory('bad', 'x'), importance: 7 });
    const error = await exportBackup(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(
      /^A record in Hearth's storage is damaged.*memories\[\d\]\.importance/,
    );
  });

  it('names the file by local date', () => {
    expect(backupFilename(new Date(2025, 2, 4, 23, 30))).toBe('hearth-backup-2025-03-04.json');
    expect(backupFilename(new Date(2025, 11, 31), 'memories')).toBe('hearth-memories-2025-12-31.json');
  });
});

describe('parseBackup', () => {
  it('refuses malformed JSON with the line and column', () => {
    const text = '{\n  "format": "hearth-backup",\n  "version": 1\n  "sections": {}\n}';
    expect(failure(parseBackup(text))).toBe(
      `This file is not valid JSON (line 4, column 3: expected ',' or '}', found '"'). Nothing was changed.`,
    );
    expect(failure(parseBackup('{"format": "hearth-backup", "version": }'))).toMatch(
      /line 1, column 40: expected a value/,
    );
    expect(failure(parseBackup(fileWith({}).slice(0, 60)))).toMatch(/found the end of the file/);
  });

  it('refuses a file that is not a Hearth backup', () => {
    expect(failure(parseBackup('{"format":"other-app","version":1}'))).toMatch(
      /^This is not a Hearth backup: "format" is "other-app", expected "hearth-backup"/,
    );
    expect(failure(parseBackup('[1, 2, 3]'))).toMatch(/"format" is missing/);
    expect(failure(parseBackup(JSON.stringify({ version: 1, value: DEFAULT_SETTINGS })))).toMatch(
      /not a Hearth backup/,
    );
  });

  it('refuses a backup from a newer Hearth in words', () => {
    expect(failure(parseBackup(fileWith({}, { version: 2 })))).toBe(
      'This backup was made by a newer Hearth (backup version 2); this one reads up to version 1. Update Hearth to import it. Nothing was changed.',
    );
    expect(failure(parseBackup(fileWith({}, { version: '1' })))).toMatch(/^version: expected a number/);
    expect(failure(parseBackup(fileWith({}, { exportedAt: 'yesterday' })))).toMatch(/^exportedAt: /);
  });

  it('names the one bad entry among many, precisely', () => {
    const memories = Array.from({ length: 30 }, (_, i) => memory(`mem${i}`, `Fact number ${i}.`));
    const bad = structuredClone(memories) as unknown as Record<string, unknown>[];
    bad[12]!.importance = 'high';
    expect(failure(parseBackup(fileWith({ memories: bad })))).toBe(
      'memories[12].importance: Invalid input: expected number, received string. Nothing was changed.',
    );

    const nested = structuredClone(memories) as unknown as { provenance: { messageIds: string[] } }[];
    nested[7]!.provenance.messageIds = [];
    expect(failure(parseBackup(fileWith({ memories: nested })))).toMatch(
      /^memories\[7\]\.provenance\.messageIds: /,
    );

    const messages = [message('a', 'c1', 0), { ...message('b', 'c1', 1), role: 'system' }];
    expect(failure(parseBackup(fileWith({ conversations: [conversation('c1')], messages })))).toMatch(
      /^messages\[1\]\.role: /,
    );

    const pinned = structuredClone(memories);
    pinned[29] = { ...pinned[29]!, pinned: true };
    expect(failure(parseBackup(fileWith({ memories: pinned })))).toMatch(
      /^memories\[29\]\.pinnedAt: pinnedAt is set/,
    );
  });

  it('counts the other problems and names a bad setting', () => {
    const bad = [
      { ...memory('a', 'x'), importance: 'high' },
      { ...memory('b', 'y'), kind: 'rumour' },
    ];
    expect(failure(parseBackup(fileWith({ memories: bad })))).toMatch(/\(and 1 more problem\)/);
    const settings = {
      version: 1,
      value: { ...DEFAULT_SETTINGS, generation: { temperature: 9, maxReplyTokens: 512 } },
    };
    expect(failure(parseBackup(fileWith({ settings })))).toMatch(
      /^settings\.value\.generation\.temperature: /,
    );
    expect(failure(parseBackup(fileWith({ settings: { version: 7, value: {} } })))).toMatch(
      /^settings: These settings were saved by a newer Hearth/,
    );
  });

  it('refuses two records with the same id in one section', () => {
    const memories = [memory('a', 'one'), memory('b', 'two'), memory('a', 'three')];
    expect(failure(parseBackup(fileWith({ memories })))).toBe(
      'memories[2].id: "a" appears twice in the file (also memories[0]). Nothing was changed.',
    );
  });

  it('refuses files over the size and entry limits', () => {
    expect(failure(parseBackup(fileWith({}), { maxBytes: 100 }))).toMatch(/imports backups of up to 1 MB/);
    const memories = Array.from({ length: 5 }, (_, i) => memory(`m${i}`, `fact ${i}`));
    expect(failure(parseBackup(fileWith({ memories }), { maxEntries: 4 }))).toBe(
      'memories: the file holds 5 entries; Hearth imports at most 4 per section. Nothing was changed.',
    );
  });

  it('skips a section this version does not know, and says so', () => {
    const result = parseBackup(fileWith({ moodHistory: [{ at: 1 }], personas: [persona] }));
    expect(result).toMatchObject({ ok: true, skipped: ['moodHistory'] });
    expect(result.ok && Object.keys(result.backup.sections)).toEqual(['personas']);
  });

  it('reads a file with a byte order mark', () => {
    expect(parseBackup(`\uFEFF${fileWith({ personas: [persona] })}`).ok).toBe(true);
  });
});

describe('importBackup', () => {
  const incoming = () =>
    parsed(
      fileWith({
        conversations: [conversation('c3', 9000)],
        messages: [message('n1', 'c3', 0), message('n2', 'c3', 1)],
        memories: [memory('mem2', 'The user lives in Paris now.'), memory('mem7', 'The user has a cat.')],
      }),
    );

  it('merge adds the file’s records and replaces those with the same id', async () => {
    await seed(db);
    const result = await importBackup(db, incoming(), { mode: 'merge' });
    expect(result).toEqual({ counts: { conversations: 1, messages: 2, memories: 2 }, cleared: [] });
    expect(await db.getAllKeys('conversations')).toEqual(['c1', 'c2', 'c3']);
    expect(await db.count('messages')).toBe(7);
    expect(await db.getAllKeys('memories')).toEqual(['mem1', 'mem2', 'mem3', 'mem4', 'mem7']);
    expect((await db.get('memories', 'mem2'))!.text).toBe('The user lives in Paris now.');
    expect(await db.count('personas')).toBe(2);
  });

  it('replace empties the sections the file holds, and only those', async () => {
    await seed(db);
    const result = await importBackup(db, incoming(), { mode: 'replace' });
    expect(result.cleared.sort()).toEqual(['conversations', 'memories', 'messages', 'vectorBlocks']);
    expect(await db.getAllKeys('conversations')).toEqual(['c3']);
    expect(await db.getAllKeys('messages')).toEqual(['n1', 'n2']);
    expect(await db.getAllKeys('memories')).toEqual(['mem2', 'mem7']);
    expect(await db.count('personas')).toBe(2);
  });

  it('replacing conversations also removes the messages that belonged to them', async () => {
    await seed(db);
    await importBackup(db, parsed(fileWith({ conversations: [conversation('c3')] })), { mode: 'replace' });
    expect(await db.getAllKeys('conversations')).toEqual(['c3']);
    expect(await db.count('messages')).toBe(0);
  });

  it('computes a memory’s text key afresh and drops a vector pointer from the file', async () => {
    const m = { ...memory('k', 'Likes  TEA'), textKey: 'stale', embedderId: 'other@fp32' };
    await importBackup(db, parsed(fileWith({ memories: [m] })), { mode: 'merge' });
    expect(await db.get('memories', 'k')).toStrictEqual({
      ...(withoutEmbedder(m) as object),
      textKey: memoryKey('Likes  TEA'),
    });
  });

  it('refuses a message whose conversation is neither in the file nor in Hearth, writing nothing', async () => {
    await seed(db);
    const before = await snapshot(db);
    const backup = parsed(
      fileWith({
        memories: [memory('new', 'New fact.')],
        messages: [
          message('x1', 'c1', 5),
          message('x2', 'ghost', 0),
          message('x3', 'ghost', 1),
          message('x4', 'gone', 0),
        ],
      }),
    );
    const expected =
      'messages[1].conversationId: conversation "ghost" is neither in the file nor in Hearth (and 1 more missing conversations).';
    expect(await checkBackup(db, backup, 'merge')).toBe(expected);
    const error = await importBackup(db, backup, { mode: 'merge' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toBe(`${expected} Nothing was imported.`);
    expect(await snapshot(db)).toEqual(before);

    // c1 is in Hearth: fine when merging, dangling when the file's conversations replace Hearth's.
    const ok = parsed(fileWith({ messages: [message('x1', 'c1', 5)] }));
    expect(await checkBackup(db, ok, 'merge')).toBeNull();
    const replacing = parsed(
      fileWith({ conversations: [conversation('c3')], messages: [message('x1', 'c1', 5)] }),
    );
    expect(await checkBackup(db, replacing, 'replace')).toMatch(
      /^messages\[0\]\.conversationId: conversation "c1"/,
    );
    await expect(importBackup(db, replacing, { mode: 'replace' })).rejects.toThrow(/"c1" is neither/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a write failing mid-way (a full disk) leaves everything as it was, settings included', async () => {
    await seed(db);
    await saveSettings(userSettings);
    const before = await snapshot(db);
    const memories = Array.from({ length: 40 }, (_, i) => memory(`bulk${i}`, `Bulk fact ${i}.`));
    const backup = parsed(
      fileWith({
        personas: [persona],
        conversations: [conversation('c9')],
        memories,
        settings: { version: 1, value: DEFAULT_SETTINGS },
      }),
    );
    const saveSpy = vi.fn(updateSettings);
    // fake-indexeddb cannot fill a disk, so the one browser call that fails is replaced at
    // the edge: the 25th write throws as Chrome does when the quota is exceeded.
    const original = IDBObjectStore.prototype.put;
    let calls = 0;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (++calls === 25) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
    let error: unknown;
    try {
      error = await importBackup(db, backup, { mode: 'replace', settings: { update: saveSpy } }).catch(
        (e: unknown) => e,
      );
    } finally {
      IDBObjectStore.prototype.put = original;
    }
    expect(calls).toBe(25);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('quota');
    expect((error as StorageError).message).toMatch(/disk is full/);
    expect(await snapshot(db)).toEqual(before);
    expect(saveSpy).not.toHaveBeenCalled();
    expect((await loadSettings()).settings).toEqual(userSettings);
  });

  it('writes settings only after the records are committed, and reports a settings failure apart', async () => {
    const backup = parsed(fileWith({ personas: [persona], settings: { version: 1, value: userSettings } }));
    const seenInDb: unknown[] = [];
    const result = await importBackup(db, backup, {
      mode: 'merge',
      settings: {
        update: async () => {
          seenInDb.push(await db.get('personas', persona.id));
          throw new Error('storage is read-only');
        },
      },
    });
    expect(seenInDb).toEqual([persona]);
    expect(result.counts).toEqual({ personas: 1 });
    expect(result.settingsError).toBe(
      'Everything else was imported, but the settings could not be saved (storage is read-only).',
    );
  });

  it('tells the other contexts what changed', async () => {
    const topics: Change['topic'][] = [];
    const stop = subscribeChanges((change) => topics.push(change.topic));
    try {
      await importBackup(
        db,
        parsed(
          fileWith({ conversations: [conversation('c3')], settings: { version: 1, value: userSettings } }),
        ),
        { mode: 'replace', settings: importSettings },
      );
      await vi.waitFor(() => expect(topics.sort()).toEqual(['conversations', 'messages', 'settings']));
    } finally {
      stop();
    }
  });
});

describe('wipeAll', () => {
  it('clears every store and every key of the extension’s storage', async () => {
    await seed(db);
    await saveSettings(userSettings);
    await browser.storage.local.set({ 'background.wakeCount': 3 });
    await browser.storage.session.set({ pageContexts: { 1: {} } });
    const report = await wipeAll(db, { storage: storage() });
    expect(report).toEqual({
      stores: {
        conversations: 2,
        memories: 4,
        messages: 5,
        personas: 2,
        vectorBlocks: 0,
        secrets: 0,
        moodStates: 0,
        personaAssets: 0,
        relationships: 0,
        moodLog: 0,
        images: 0,
        outbox: 0,
        webhookEndpoints: 0,
        deliveries: 0,
        seenLog: 0,
        pageSummaries: 0,
      },
      storage: { local: ['settings', 'background.wakeCount'], session: ['pageContexts'] },
    });
    for (const name of db.objectStoreNames) expect(await db.count(name)).toBe(0);
    expect(await browser.storage.local.get(null)).toEqual({});
    expect(await browser.storage.session.get(null)).toEqual({});
    expect((await loadSettings()).settings).toEqual(DEFAULT_SETTINGS);
  });
});

function memoryKey(text: string): string {
  return memory('x', text).textKey;
}
