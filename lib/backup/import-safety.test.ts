import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { loadSettings, saveSettings, updateSettings } from '../settings/store';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { subscribeChanges, type Change } from '../messaging/changes';
import { createChatStore } from '../chat/chat-store';
import { exportBackup, serializeBackup } from './export';
import { checkBackup, importBackup, parseBackup, type ParseResult } from './import';
import { wipeAll } from './wipe';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupFile } from './format';
import { MAX_MESSAGE_CHARS } from './limits';
import { T0, conversation, freshDb, memory, message, seed, snapshot } from './test-fixtures';

// The hostile-backup findings of the security audit (issue 12, §6), each as the audit found it.
let db: IDBPDatabase<HearthDB>;
beforeEach(async () => {
  fakeBrowser.reset();
  db = await freshDb();
});
afterEach(() => db.close());

const NOW = Date.parse('2026-12-02T10:00:00Z');
const DAY = 86_400_000;

function fileWith(sections: Record<string, unknown>): string {
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: '2026-11-30T09:26:53.000Z',
    app: { version: '0.1.0' },
    sections,
  });
}
const parse = (text: string) => parseBackup(text, { now: () => NOW });
function parsed(text: string): BackupFile {
  const result = parse(text);
  if (!result.ok) throw new Error(`expected a valid backup, got: ${result.error}`);
  return result.backup;
}
function failure(result: ParseResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
}

describe('an imported backup cannot silently repoint the endpoint', () => {
  const mine: Settings = {
    ...DEFAULT_SETTINGS,
    onboarded: true,
    engine: {
      active: 'openai',
      webllm: { modelId: null },
      openai: { baseUrl: 'https://llm.example.org/v1', apiKey: 'sk-mine', model: 'llama' },
    },
  };
  const hostile: Settings = {
    ...mine,
    generation: { temperature: 0.2, maxReplyTokens: 300 },
    engine: { ...mine.engine, openai: { baseUrl: 'https://evil.example/v1', apiKey: '', model: 'x' } },
  };
  const file = () => parsed(fileWith({ settings: { version: 2, value: hostile } }));

  it('without the confirmation the other settings are imported and the endpoint stays', async () => {
    await saveSettings(mine);
    const result = await importBackup(db, file(), { mode: 'merge', settings: { update: updateSettings } });
    expect(result.endpoint).toEqual({
      from: 'the server at https://llm.example.org/v1',
      to: 'the server at https://evil.example/v1',
      applied: false,
    });
    const stored = (await loadSettings()).settings;
    expect(stored.engine).toEqual(mine.engine);
    expect(stored.generation).toEqual(hostile.generation);
  });

  it('with the confirmation the new server is used, without this browser’s key', async () => {
    await saveSettings(mine);
    const result = await importBackup(db, file(), {
      mode: 'merge',
      settings: { update: updateSettings },
      allowEndpointChange: true,
    });
    expect(result.endpoint?.applied).toBe(true);
    expect((await loadSettings()).settings.engine.openai).toEqual({
      baseUrl: 'https://evil.example/v1',
      apiKey: '',
      model: 'x',
    });
  });

  it('a change of engine kind counts, so does an address of an inactive server; the same endpoint does not', async () => {
    const onDevice: Settings = { ...mine, engine: { ...mine.engine, active: 'webllm' } };
    await saveSettings(onDevice);
    const result = await importBackup(db, file(), { mode: 'merge', settings: { update: updateSettings } });
    expect(result.endpoint).toMatchObject({ from: 'the model on this device', applied: false });
    expect((await loadSettings()).settings.engine).toEqual(onDevice.engine);

    await saveSettings(mine);
    const same = { ...mine, engine: { ...mine.engine, openai: { ...mine.engine.openai, apiKey: '' } } };
    const sameFile = parsed(fileWith({ settings: { version: 2, value: same } }));
    const unchanged = await importBackup(db, sameFile, {
      mode: 'merge',
      settings: { update: updateSettings },
    });
    expect(unchanged.endpoint).toBeUndefined();
    expect((await loadSettings()).settings.engine.openai.apiKey).toBe('sk-mine');
  });
});

describe('impossible dates are refused, naming the entry and field', () => {
  it.each([
    [
      '1e300',
      { conversations: [{ ...conversation('c1'), createdAt: 1e300 }] },
      /^conversations\[0\]\.createdAt: 1e\+300 is not a date/,
    ],
    [
      'negative',
      { messages: [{ ...message('m1', 'c1', 0), createdAt: -5 }] },
      /^messages\[0\]\.createdAt: -5 is not a date/,
    ],
    [
      '−1e15 event',
      { memories: [memory('a', 'ok'), memory('b', 'x', { validFrom: -1e15 })] },
      /^memories\[1\]\.validFrom: -1000000000000000 is not a date/,
    ],
    [
      'tomorrow+1',
      { memories: [memory('a', 'x', { lastAccessedAt: NOW + 2 * DAY })] },
      /^memories\[0\]\.lastAccessedAt: .* between 2000-01-01 and 2026-12-03/,
    ],
    [
      '1970',
      {
        personas: [
          {
            ...conversation('p'),
            name: 'P',
            description: '',
            personality: '',
            greeting: '',
            speakingStyle: '',
            createdAt: 1000,
          },
        ],
      },
      /^personas\[0\]\.createdAt: 1000 is not a date/,
    ],
  ])('%s', (_label, sections, expected) => {
    expect(failure(parse(fileWith(sections)))).toMatch(expected);
  });

  it('NaN and Infinity never get that far (not JSON; out of range)', () => {
    expect(
      failure(parse(fileWith({}).replace('"sections":{}', '"sections":{"messages":[{"createdAt":NaN}]}'))),
    ).toMatch(/not valid JSON/);
    const infinite = fileWith({ messages: [{ ...message('m1', 'c1', 0), createdAt: 1 }] }).replace(
      '"createdAt":1',
      '"createdAt":1e999',
    );
    expect(failure(parse(infinite))).toMatch(/^messages\[0\]\.createdAt: /);
  });

  it('accepts what Hearth writes: now, an hour ahead, and events in 1850 or 2040', () => {
    const ok = parse(
      fileWith({
        memories: [
          memory('a', 'The user’s family came in 1850.', {
            createdAt: NOW,
            updatedAt: NOW + 3_600_000,
            validFrom: Date.UTC(1850, 0, 1),
          }),
          memory('b', 'The user retires in 2040.', { validFrom: Date.UTC(2040, 5, 1) }),
        ],
      }),
    );
    expect(ok.ok).toBe(true);
  });
});

describe('oversized fields are refused, naming the field', () => {
  it('a 30 MB message', () => {
    const huge = 'x'.repeat(30 * 1024 * 1024);
    const text = fileWith({
      conversations: [conversation('c1')],
      messages: [message('m0', 'c1', 0), { ...message('m1', 'c1', 1), content: huge }],
    });
    expect(failure(parse(text))).toBe(
      `messages[1].content: 31,457,280 characters; Hearth imports at most ${MAX_MESSAGE_CHARS.toLocaleString('en')}. Nothing was changed.`,
    );
  });

  it('an id, a title and a list of citations past their caps', () => {
    expect(
      failure(parse(fileWith({ conversations: [{ ...conversation('c1'), title: 't'.repeat(501) }] }))),
    ).toMatch(/^conversations\[0\]\.title: 501 characters; Hearth imports at most 500\./);
    const cites = Array.from({ length: 1001 }, (_, i) => `m${i}`);
    expect(
      failure(
        parse(
          fileWith({ memories: [memory('a', 'x', { provenance: { type: 'messages', messageIds: cites } })] }),
        ),
      ),
    ).toMatch(/^memories\[0\]\.provenance\.messageIds: 1,001 entries/);
    expect(
      failure(
        parse(
          fileWith({
            memories: [
              memory('a', 'x', { provenance: { type: 'messages', messageIds: ['ok', 'i'.repeat(201)] } }),
            ],
          }),
        ),
      ),
    ).toMatch(/^memories\[0\]\.provenance\.messageIds\[1\]: 201 characters/);
  });
});

describe('dangling references are refused, writing nothing', () => {
  it('a memory citing a message missing from a conversation Hearth has', async () => {
    await seed(db);
    const before = await snapshot(db);
    const backup = parsed(
      fileWith({
        memories: [
          memory('ok', 'Cites a stored message.', { provenance: { type: 'messages', messageIds: ['m1'] } }),
          memory('bad', 'Cites nothing real.', {
            provenance: { type: 'messages', messageIds: ['m2', 'nope'] },
          }),
        ],
      }),
    );
    const expected =
      'memories[1].provenance.messageIds[1]: message "nope" of conversation "c1" is neither in the file nor in Hearth.';
    expect(await checkBackup(db, backup, 'merge')).toBe(expected);
    await expect(importBackup(db, backup, { mode: 'merge' })).rejects.toThrow(
      new BackupError(`${expected} Nothing was imported.`),
    );
    expect(await snapshot(db)).toEqual(before);
  });

  it('the same file replacing Hearth’s messages leaves the cited stored one dangling', async () => {
    await seed(db);
    const backup = parsed(
      fileWith({
        conversations: [conversation('c1')],
        messages: [message('n1', 'c1', 0)],
        memories: [memory('m', 'x', { provenance: { type: 'messages', messageIds: ['m1'] } })],
      }),
    );
    expect(await checkBackup(db, backup, 'merge')).toBeNull();
    expect(await checkBackup(db, backup, 'replace')).toMatch(
      /^memories\[0\]\.provenance\.messageIds\[0\]: message "m1"/,
    );
  });

  it('memories of a deleted conversation, reflections and a memories-only file are accepted as they are', async () => {
    const backup = parsed(
      fileWith({
        memories: [
          memory('kept', 'From a deleted chat.', { conversationId: 'deleted' }),
          memory('reflection', 'A reflection.', {
            kind: 'reflection',
            conversationId: undefined,
            provenance: { type: 'messages', messageIds: ['any'] },
          }),
        ],
      }),
    );
    expect(await checkBackup(db, backup, 'merge')).toBeNull();
    expect((await importBackup(db, backup, { mode: 'merge' })).counts).toEqual({ memories: 2 });
  });

  it('a full export of data with a regenerated (deleted) reply still imports', async () => {
    await seed(db);
    await db.put(
      'memories',
      memory('orphan', 'From a replaced reply.', {
        provenance: { type: 'messages', messageIds: ['m2', 'replaced'] },
      }),
    );
    await db.put(
      'memories',
      memory('lost', 'Only the replaced reply.', {
        provenance: { type: 'messages', messageIds: ['replaced'] },
      }),
    );
    const backup = await exportBackup(db, { appVersion: '1' });
    const byId = new Map(backup.sections.memories!.map((m) => [m.id, m]));
    expect(byId.get('orphan')!.provenance).toEqual({ type: 'messages', messageIds: ['m2'] });
    expect(byId.get('lost')!.conversationId).toBeUndefined();
    const other = await freshDb();
    const result = await importBackup(other, parsed(serializeBackup(backup).join('')), { mode: 'replace' });
    expect(result.counts.memories).toBe(6);
    other.close();
  });
});

describe('imported sequence numbers never hide messages', () => {
  it('gaps and huge numbers are renumbered; the chat store shows all 6, and a new message after a reload', async () => {
    const seqs = [0, 5, 90, 7, Number.MAX_SAFE_INTEGER, 1_000_000];
    const messages = seqs.map((seq, i) => ({
      ...message(`m${i}`, 'c1', seq),
      createdAt: T0 + i,
      content: `number ${seq}`,
    }));
    await importBackup(db, parsed(fileWith({ conversations: [conversation('c1')], messages })), {
      mode: 'merge',
    });

    const store = createChatStore(db);
    const shown = await store.getMessages('c1');
    expect(shown.map((m) => m.content)).toEqual(
      [0, 5, 7, 90, 1_000_000, Number.MAX_SAFE_INTEGER].map((n) => `number ${n}`),
    );
    expect(shown.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5]);

    await store.addMessage({
      conversationId: 'c1',
      role: 'user',
      content: 'After the import',
      status: 'complete',
    });
    const reloaded = await createChatStore(db).getMessages('c1');
    expect(reloaded).toHaveLength(7);
    expect(reloaded.at(-1)!.content).toBe('After the import');
  });

  it('a merge into a stored conversation keeps both, in order, contiguous', async () => {
    await seed(db); // c1 holds m1..m4 at 0..3
    const messages = [
      { ...message('m3', 'c1', 2), content: 'm3 from the file' },
      { ...message('late', 'c1', 40), createdAt: T0 + 5000 },
      { ...message('early', 'c1', 1), createdAt: T0 + 999 },
    ];
    await importBackup(db, parsed(fileWith({ messages })), { mode: 'merge' });
    const shown = await createChatStore(db).getMessages('c1');
    expect(shown.map((m) => m.id)).toEqual(['m1', 'early', 'm2', 'm3', 'm4', 'late']);
    expect(shown.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(shown[3]!.content).toBe('m3 from the file');
  });
});

describe('wipe', () => {
  it('publishes a wipe notice after clearing', async () => {
    await seed(db);
    const topics: Change['topic'][] = [];
    const stop = subscribeChanges((change) => topics.push(change.topic));
    try {
      await wipeAll(db, { storage: { local: browser.storage.local } });
      await vi.waitFor(() => expect(topics).toContain('wipe'));
      expect(await db.count('messages')).toBe(0);
    } finally {
      stop();
    }
  });
});
