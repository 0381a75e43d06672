import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { openHearthDb } from '../db/open';
import { createSecretStore, type SecretStore } from './secrets';
import { loadSettings, saveSettings, updateSettings, watchSettings } from './store';
import { DEFAULT_SETTINGS, type Settings } from './schema';
import { migrateSettings, SETTINGS_VERSION, withoutApiKey } from './migrations';
import { exportBackup, serializeBackup } from '../backup/export';
import { wipeAll } from '../backup/wipe';
// Settings saved before issue 8 load with the privacy defaults.
import { DEFAULT_PRIVACY } from '../privacy/settings';

const KEY = 'sk-live-4f9a2c7e';

/** Settings exactly as version 2 wrote them to storage.local: the key among the rest. */
const v2Value = {
  onboarded: true,
  engine: {
    active: 'openai',
    webllm: { modelId: null },
    openai: { baseUrl: 'https://llm.example.org/v1', apiKey: KEY, model: 'llama' },
  },
  activePersonaId: 'p1',
  generation: { temperature: 0.3, maxReplyTokens: 256 },
  enterSends: false,
  memory: { embedder: null, modelHost: null },
};

let dbName: string;
let secrets: SecretStore;
const local = () => browser.storage.local;
/** Everything storage.local holds, as a content script's world could read it. */
const readableByContentScripts = async () => JSON.stringify(await browser.storage.local.get(null));

beforeEach(() => {
  fakeBrowser.reset();
  dbName = `secrets-${crypto.randomUUID()}`;
  secrets = createSecretStore(() => openHearthDb({ name: dbName }));
});

describe('the API key is kept out of storage.local', () => {
  it('moves the key of version 2 settings to the secret store, losing nothing', async () => {
    await browser.storage.local.set({ settings: { version: 2, value: v2Value } });
    const { settings, problem } = await loadSettings(local(), secrets);
    expect(problem).toBeUndefined();
    expect(settings).toEqual({ ...v2Value, privacy: DEFAULT_PRIVACY });
    expect(await readableByContentScripts()).not.toContain(KEY);
    const stored = (await browser.storage.local.get('settings')).settings as {
      version: number;
      value: unknown;
    };
    expect(stored).toEqual({
      version: SETTINGS_VERSION,
      value: withoutApiKey({ ...v2Value, privacy: DEFAULT_PRIVACY }),
    });
    // Another context (its own secret store on the same database) reads the same key.
    const elsewhere = createSecretStore(() => openHearthDb({ name: dbName }));
    expect(await elsewhere.get('openai.apiKey')).toBe(KEY);
    expect((await loadSettings(local(), elsewhere)).settings).toEqual({
      ...v2Value,
      privacy: DEFAULT_PRIVACY,
    });
  });

  it('moves a key from version 1 settings too', async () => {
    const { memory: _m, ...v1 } = v2Value;
    await browser.storage.local.set({ settings: { version: 1, value: v1 } });
    expect((await loadSettings(local(), secrets)).settings.engine.openai.apiKey).toBe(KEY);
    expect(await readableByContentScripts()).not.toContain(KEY);
  });

  it('keeps the key where it was, and says so, while the secret store cannot take it', async () => {
    await browser.storage.local.set({ settings: { version: 2, value: v2Value } });
    const broken: SecretStore = {
      get: async () => Promise.reject(new Error('IndexedDB is closed')),
      set: async () => Promise.reject(new Error('IndexedDB is closed')),
    };
    const first = await loadSettings(local(), broken);
    expect(first.settings).toEqual({ ...v2Value, privacy: DEFAULT_PRIVACY });
    expect(first.problem).toMatch(/could not be moved.*IndexedDB is closed/);
    expect(await readableByContentScripts()).toContain(KEY); // not lost
    // Next time it works, the move is made.
    expect((await loadSettings(local(), secrets)).settings).toEqual({ ...v2Value, privacy: DEFAULT_PRIVACY });
    expect(await readableByContentScripts()).not.toContain(KEY);
  });

  it('saves a typed key to the secret store only, and forgets it when cleared', async () => {
    const withKey: Settings = {
      ...DEFAULT_SETTINGS,
      engine: {
        ...DEFAULT_SETTINGS.engine,
        active: 'openai',
        openai: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY, model: 'm' },
      },
    };
    await saveSettings(withKey, local(), secrets);
    expect(await readableByContentScripts()).not.toContain(KEY);
    expect(await secrets.get('openai.apiKey')).toBe(KEY);
    expect((await loadSettings(local(), secrets)).settings).toEqual(withKey);

    await updateSettings(
      (s) => ({ ...s, engine: { ...s.engine, openai: { ...s.engine.openai, apiKey: '' } } }),
      local(),
      secrets,
    );
    expect(await secrets.get('openai.apiKey')).toBe('');
    const db = await openHearthDb({ name: dbName });
    expect(await db.count('secrets')).toBe(0);
    db.close();
  });

  it('keeps unreadable settings for the person, but their key goes to the secret store', async () => {
    const broken = { version: 2, value: { ...v2Value, generation: 'hot' } };
    await browser.storage.local.set({ settings: broken });
    const { settings, problem } = await loadSettings(local(), secrets);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problem).toMatch(/generation/);
    expect(await readableByContentScripts()).not.toContain(KEY);
    expect(await readableByContentScripts()).toContain('hot');
    expect(await secrets.get('openai.apiKey')).toBe(KEY);
  });

  it('tells watchers of a change to the key alone, with the new key', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, onboarded: true }, local(), secrets);
    const seen: string[] = [];
    const stop = watchSettings((s) => seen.push(s.engine.openai.apiKey), secrets);
    await updateSettings(
      (s) => ({ ...s, engine: { ...s.engine, openai: { ...s.engine.openai, apiKey: KEY } } }),
      local(),
      secrets,
    );
    await expect.poll(() => seen).toEqual([KEY]);
    stop();
  });

  it('a backup still leaves the key out', async () => {
    await browser.storage.local.set({ settings: { version: 2, value: v2Value } });
    const db = await openHearthDb({ name: dbName });
    const backup = await exportBackup(db, {
      settings: async () => (await loadSettings(local(), secrets)).settings,
    });
    db.close();
    expect(backup.sections.settings?.value.engine.openai).toEqual({
      baseUrl: 'https://llm.example.org/v1',
      apiKey: '',
      model: 'llama',
    });
    expect(serializeBackup(backup).join('')).not.toContain(KEY);
  });
});

describe('wiping everything', () => {
  it('removes the key with the rest', async () => {
    const db = await openHearthDb({ name: dbName });
    await saveSettings(
      {
        ...DEFAULT_SETTINGS,
        engine: { ...DEFAULT_SETTINGS.engine, openai: { ...DEFAULT_SETTINGS.engine.openai, apiKey: KEY } },
      },
      local(),
      secrets,
    );
    expect(await db.count('secrets')).toBe(1);
    await wipeAll(db, { storage: { local: browser.storage.local } });
    expect(await secrets.get('openai.apiKey')).toBe('');
    expect((await loadSettings(local(), secrets)).settings).toEqual(DEFAULT_SETTINGS);
    db.close();
  });
});

describe('settings migration 3', () => {
  it('takes the key out of stored settings and keeps every other field', () => {
    const migrated = migrateSettings(structuredClone(v2Value), 2, 3);
    expect(migrated).toEqual({
      ...v2Value,
      engine: { ...v2Value.engine, openai: { baseUrl: 'https://llm.example.org/v1', model: 'llama' } },
    });
    expect(JSON.stringify(migrated)).not.toContain(KEY);
    // Settings with nothing to move are left as they are.
    const plain = { onboarded: false };
    expect(withoutApiKey(plain)).toBe(plain);
  });
});
