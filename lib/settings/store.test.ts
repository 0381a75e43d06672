import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { loadSettings, saveSettings, updateSettings, watchSettings } from './store';
import { DEFAULT_SETTINGS } from './schema';
import { migrateSettings, SETTINGS_VERSION, SettingsMigrationError, withoutApiKey } from './migrations';
// Settings saved before issue 8 load with the privacy defaults.
import { DEFAULT_PRIVACY } from '../privacy/settings';

beforeEach(() => fakeBrowser.reset());

describe('settings store', () => {
  it('gives defaults on a fresh install and round-trips a saved value', async () => {
    expect((await loadSettings()).settings).toEqual(DEFAULT_SETTINGS);
    await updateSettings((s) => ({ ...s, onboarded: true, engine: { ...s.engine, active: 'openai' } }));
    const { settings, problem } = await loadSettings();
    expect(problem).toBeUndefined();
    expect(settings.onboarded).toBe(true);
    expect(settings.engine.active).toBe('openai');
  });

  it('refuses to save invalid settings and names the field', async () => {
    await expect(
      saveSettings({ ...DEFAULT_SETTINGS, generation: { temperature: 9, maxReplyTokens: 10 } }),
    ).rejects.toThrow(/generation\.temperature/);
    expect((await browser.storage.local.get('settings')).settings).toBeUndefined();
  });

  it.each([
    ['garbage', 'not an object'],
    ['wrong shape', { version: 1, value: { onboarded: 'yes' } }],
    ['from a newer Hearth', { version: 99, value: {} }],
  ])('keeps unreadable stored settings (%s) in a backup and explains', async (_name, stored) => {
    await browser.storage.local.set({ settings: stored });
    const { settings, problem } = await loadSettings();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problem).toMatch(/kept under "settings\.unreadable\.\d+"/);
    const all = await browser.storage.local.get(null);
    const backupKey = Object.keys(all).find((k) => k.startsWith('settings.unreadable.'))!;
    expect(all[backupKey]).toEqual(stored);
  });

  it('tells watchers in other contexts about a change', async () => {
    const seen: boolean[] = [];
    const stop = watchSettings((s) => seen.push(s.onboarded));
    await updateSettings((s) => ({ ...s, onboarded: true }));
    await vi.waitFor(() => expect(seen).toEqual([true]));
    stop();
    await updateSettings((s) => ({ ...s, onboarded: false }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([true]);
  });
});

describe('settings migrations', () => {
  const chain = {
    2: (v: Record<string, unknown>) => ({ ...v, renamed: v.old, old: undefined }),
    3: (v: Record<string, unknown>) => ({ ...v, added: 1 }),
  };
  it('runs each step in order from the stored version', () => {
    expect(migrateSettings({ old: 'x' }, 1, 3, chain)).toEqual({ renamed: 'x', old: undefined, added: 1 });
    expect(migrateSettings({ renamed: 'y' }, 2, 3, chain)).toEqual({ renamed: 'y', added: 1 });
  });
  it('refuses a downgrade and a gap in the chain', () => {
    expect(() => migrateSettings({}, 4, 3, chain)).toThrow(SettingsMigrationError);
    expect(() => migrateSettings({}, 0, 3, chain)).toThrow(/to version 1/);
  });
  it('wraps a failing step with its cause', () => {
    const failing = {
      2: () => {
        throw new Error('bad');
      },
    };
    expect(() => migrateSettings({}, 1, 2, failing)).toThrow(/version 2 failed/);
  });
});

describe('settings version 2: memory search', () => {
  it('migrates settings stored at version 1 to keyword search only, keeping the rest', async () => {
    const v1 = {
      onboarded: true,
      engine: {
        active: 'openai',
        webllm: { modelId: null },
        openai: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'm' },
      },
      activePersonaId: 'p1',
      generation: { temperature: 0.3, maxReplyTokens: 256 },
      enterSends: false,
    };
    await browser.storage.local.set({ settings: { version: 1, value: v1 } });
    const { settings: loaded, problem } = await loadSettings();
    expect(problem).toBeUndefined();
    expect(loaded).toEqual({ ...v1, memory: { embedder: null, modelHost: null }, privacy: DEFAULT_PRIVACY });
    const stored = (await browser.storage.local.get('settings')) as {
      settings: { version: number; value: unknown };
    };
    expect(stored.settings.version).toBe(SETTINGS_VERSION);
    // The key went to the secret store on the way (version 3).
    expect(stored.settings.value).toEqual(withoutApiKey(loaded));
  });

  it('keeps a chosen embedder and model host', async () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      memory: { embedder: 'Xenova/bge-small-en-v1.5', modelHost: 'http://127.0.0.1:8/' },
    };
    await saveSettings(settings);
    expect((await loadSettings()).settings).toEqual(settings);
  });
});
