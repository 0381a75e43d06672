import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../../lib/db/schema';
import { saveSettings } from '../../lib/settings/store';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import { conversation, freshDb, memory, seed } from '../../lib/backup/test-fixtures';
import { DataPanel } from './DataPanel';
import { createOptionsServices } from '../../lib/companion/options-services';

// A DOM of its own in the node environment: under vitest's jsdom environment `wxt/browser`
// pulls in esbuild, which refuses jsdom's TextEncoder.
// jsdom ships no types (and @types/jsdom is not a dependency): its one constructor, typed here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: Window & typeof globalThis };
};
const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
const { Event, File, HTMLAnchorElement } = dom.window;

let db: IDBPDatabase<HearthDB>;
let root: HTMLElement;
let downloads: { name: string; blob: Blob }[];

/** The control with this accessible name: a button by its text, a field by its label. */
function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button named "${name}"`);
  return found;
}
function field(label: string): HTMLInputElement {
  const found = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label));
  const input = found?.querySelector('input');
  if (!input) throw new Error(`no field labelled "${label}"`);
  return input;
}
const text = (role: 'alert' | 'status') =>
  [...root.querySelectorAll(`[role="${role}"]`)].map((e) => e.textContent);

async function chooseFile(contents: string) {
  const input = field('Import backup');
  const file = new File([contents], 'backup.json', { type: 'application/json' });
  Object.defineProperty(file, 'text', { value: () => Promise.resolve(contents) });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
}

beforeEach(async () => {
  fakeBrowser.reset();
  db = await freshDb();
  await seed(db);
  downloads = [];
  let blob: Blob | null = null;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => ((blob = b as Blob), 'blob:hearth/1'));
  URL.revokeObjectURL = () => {};
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blob! });
  });
  root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<DataPanel backup={createOptionsServices(db).backup} />, root));
});

afterEach(() => {
  render(null, root);
  root.remove();
  db.close();
  vi.restoreAllMocks();
});

describe('DataPanel', () => {
  it('exports everything as a file through a download link', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, onboarded: true });
    await act(() => button('Export everything').click());
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toMatch(/^hearth-backup-\d{4}-\d\d-\d\d\.json$/);
    const file = JSON.parse(await downloads[0]!.blob.text());
    expect(file.sections.memories).toHaveLength(4);
    expect(file.sections.settings.value.onboarded).toBe(true);
    await vi.waitFor(() =>
      expect(text('status')[0]).toMatch(
        /^Saved 2 personas, 2 conversations, 5 messages, 4 memories and settings to hearth-backup-/,
      ),
    );

    await act(() => button('Export memories only').click());
    await vi.waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads[1]!.name).toMatch(/^hearth-memories-/);
    expect(Object.keys(JSON.parse(await downloads[1]!.blob.text()).sections)).toEqual(['memories']);
  });

  it('shows what is wrong with a bad file, and imports a good one after merge or replace was chosen', async () => {
    await chooseFile('{"format": "hearth-backup", "version": 1,, }');
    await vi.waitFor(() => expect(text('alert')).toEqual([expect.stringMatching(/line 1, column 42/)]));
    expect(root.querySelector('form[aria-label="Backup to import"]')).toBeNull();

    const good = JSON.stringify({
      format: 'hearth-backup',
      version: 1,
      exportedAt: '2025-03-14T09:00:00.000Z',
      app: { version: '0.1.0' },
      sections: { conversations: [conversation('c7')], memories: [memory('new', 'The user plays cello.')] },
    });
    await chooseFile(good);
    await vi.waitFor(() => expect(root.textContent).toContain('holds 1 conversation and 1 memory.'));
    expect(text('alert')).toEqual([]);
    const replace = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')][1]!;
    await act(() => replace.click());
    await act(() => button('Import now').click());
    await vi.waitFor(() => expect(text('status')).toContain('Imported 1 conversation and 1 memory.'));
    expect(await db.getAllKeys('conversations')).toEqual(['c7']);
    expect(await db.getAllKeys('memories')).toEqual(['new']);
    expect(await db.count('messages')).toBe(0);
    expect(await db.count('personas')).toBe(2);
  });

  it('wipes only after the confirmation word was typed', async () => {
    await saveSettings(DEFAULT_SETTINGS);
    await vi.waitFor(() =>
      expect(root.textContent).toContain(
        'This deletes everything Hearth keeps in this browser: 2 personas, 2 conversations, 5 messages, 4 memories and settings.',
      ),
    );
    const wipe = button('Wipe everything');
    expect(wipe.disabled).toBe(true);
    const confirm = field('Type DELETE to confirm');
    await act(() => {
      confirm.value = 'delete ';
      confirm.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(wipe.disabled).toBe(false);
    await act(() => wipe.click());
    await vi.waitFor(() =>
      expect(text('status')).toEqual([expect.stringMatching(/^Everything was removed \(13 records/)]),
    );
    for (const store of db.objectStoreNames) expect(await db.count(store)).toBe(0);
    expect(await browser.storage.local.get(null)).toEqual({});
  });
});
