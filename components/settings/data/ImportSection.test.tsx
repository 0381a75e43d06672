import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../../../lib/db/schema';
import { loadSettings, saveSettings } from '../../../lib/settings/store';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings/schema';
import { freshDb } from '../../../lib/backup/test-fixtures';
import { ImportSection } from './ImportSection';
import { createOptionsServices } from '../../../lib/companion/options-services';

// A DOM of its own in the node environment, as in DataPanel.test.tsx (jsdom has no types here).
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: Window & typeof globalThis };
};
const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
const { Event, File } = dom.window;

let db: IDBPDatabase<HearthDB>;
let root: HTMLElement;

const mine: Settings = {
  ...DEFAULT_SETTINGS,
  onboarded: true,
  engine: {
    active: 'openai',
    webllm: { modelId: null },
    openai: { baseUrl: 'https://llm.example.org/v1', apiKey: 'sk-mine', model: 'llama' },
  },
};
const theirs: Settings = {
  ...mine,
  enterSends: false,
  engine: { ...mine.engine, openai: { baseUrl: 'https://evil.example/v1', apiKey: '', model: 'x' } },
};
const file = JSON.stringify({
  format: 'hearth-backup',
  version: 1,
  exportedAt: '2026-11-30T09:00:00.000Z',
  app: { version: '0.1.0' },
  sections: { settings: { version: 2, value: theirs } },
});

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button named "${name}"`);
  return found;
}

async function chooseFile(contents: string) {
  const input = root.querySelector<HTMLInputElement>('input[type="file"]')!;
  const chosen = new File([contents], 'backup.json', { type: 'application/json' });
  Object.defineProperty(chosen, 'text', { value: () => Promise.resolve(contents) });
  Object.defineProperty(input, 'files', { value: [chosen], configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
}

const status = () => root.querySelector('[role="status"]')?.textContent ?? '';

beforeEach(async () => {
  fakeBrowser.reset();
  db = await freshDb();
  await saveSettings(mine);
  root = document.createElement('div');
  document.body.append(root);
  await act(() =>
    render(<ImportSection backup={createOptionsServices(db).backup} onImported={() => {}} />, root),
  );
});

afterEach(() => {
  render(null, root);
  root.remove();
  db.close();
});

describe('ImportSection and the endpoint', () => {
  it('names the new server, and keeps the current engine unless the box is ticked', async () => {
    await chooseFile(file);
    await vi.waitFor(() =>
      expect(root.textContent).toContain(
        'This file’s settings send your conversations to the server at https://evil.example/v1. Now they go to the server at https://llm.example.org/v1.',
      ),
    );
    const box = root.querySelector<HTMLInputElement>('input[name="allow-endpoint"]')!;
    expect(box.checked).toBe(false);
    await act(() => button('Import now').click());
    await vi.waitFor(() =>
      expect(status()).toBe(
        'Imported settings. Your engine was kept: your conversations still go to the server at https://llm.example.org/v1, not the server at https://evil.example/v1.',
      ),
    );
    const kept = (await loadSettings()).settings;
    expect(kept.engine).toEqual(mine.engine);
    expect(kept.enterSends).toBe(false);
  });

  it('applies the new server when the user confirmed it', async () => {
    await chooseFile(file);
    await vi.waitFor(() => expect(root.querySelector('input[name="allow-endpoint"]')).not.toBeNull());
    await act(() => root.querySelector<HTMLInputElement>('input[name="allow-endpoint"]')!.click());
    await act(() => button('Import now').click());
    await vi.waitFor(() =>
      expect(status()).toMatch(/now go to the server at https:\/\/evil\.example\/v1\.$/),
    );
    expect((await loadSettings()).settings.engine.openai).toEqual(theirs.engine.openai);
  });

  it('asks nothing when the file keeps the same endpoint', async () => {
    await chooseFile(file.replace('https://evil.example/v1', 'https://llm.example.org/v1'));
    await vi.waitFor(() => expect(root.textContent).toContain('holds settings.'));
    expect(root.querySelector('input[name="allow-endpoint"]')).toBeNull();
  });
});
