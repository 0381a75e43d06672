/*
 * The persona library mounted over a real database (test-library.ts) in a DOM, with the
 * steps a person takes (choose files, click, type) and what they read, for the component
 * tests. Object URLs and downloads are recorded: jsdom has neither.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import { cardFromJson } from '../../lib/persona/cards/card-json';
import { exportCard } from '../../lib/persona/cards/export-card';
import { v2Card } from '../../lib/persona/cards/test-fixtures';
import { PersonaLibrary } from './PersonaLibrary';
import { createTestLibrary, type TestLibrary } from './test-library';

/** What a library test works with; `t` and `host` are fresh for every test. */
export interface LibraryDom {
  readonly t: TestLibrary;
  readonly host: HTMLElement;
  downloads: { name: string; blob: Blob }[];
  mount(): Promise<void>;
  settle(): Promise<void>;
  button(name: string): HTMLButtonElement;
  labelled(text: string): HTMLInputElement;
  texts(role: 'alert' | 'status'): (string | null)[];
  tiles(): (string | null)[];
  choose(files: { name: string; bytes: Uint8Array; type?: string }[], field?: string): Promise<void>;
  click(name: string): Promise<void>;
  type(field: string, value: string): Promise<void>;
}

/** A V2 card (the fixtures' one, with `extra` data fields) as a PNG, written by Hearth's exporter. */
export const pngCard = (name: string, extra: Record<string, unknown> = {}) => {
  const raw = v2Card(name);
  return exportCard(cardFromJson({ ...raw, data: { ...(raw.data as object), ...extra } }), 'png');
};

/** Registers the per-test setup and returns the helpers. */
export function useLibraryDom(): LibraryDom {
  let host: HTMLDivElement;
  let t: TestLibrary;
  const dom = {} as LibraryDom;
  beforeEach(async () => {
    host = document.createElement('div');
    document.body.appendChild(host);
    t = await createTestLibrary();
    dom.downloads = [];
    const blobs = new Map<string, Blob>();
    let n = 0;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      const url = `blob:test/${++n}`;
      blobs.set(url, b as Blob);
      return url;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      dom.downloads.push({ name: this.download, blob: blobs.get(this.href)! });
    });
  });
  afterEach(() => {
    render(null, host);
    host.remove();
    vi.restoreAllMocks();
  });
  // Let Preact's after-paint timers fire while jsdom still provides what they call.
  afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

  const settle = async () => {
    for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  };
  const buttons = () => [...host.querySelectorAll('button')];
  const button = (name: string) => {
    const found = buttons().find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
    if (!found)
      throw new Error(
        `no button "${name}" in ${buttons()
          .map((b) => b.textContent)
          .join(' | ')}`,
      );
    return found;
  };
  const labelled = (text: string) => {
    const label = [...host.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(text));
    const control = label?.querySelector('input, textarea, select');
    if (!control) throw new Error(`no field "${text}"`);
    return control as HTMLInputElement;
  };
  // Getters, not values: `t` and `host` are made afresh before each test.
  Object.defineProperties(dom, { t: { get: () => t }, host: { get: () => host } });
  return Object.assign(dom, {
    settle,
    button,
    labelled,
    async mount() {
      await act(() => render(<PersonaLibrary service={t.library} />, host));
      await settle();
    },
    texts: (role: 'alert' | 'status') =>
      [...host.querySelectorAll(`[role="${role}"]`)].map((e) => e.textContent),
    tiles: () =>
      [...host.querySelectorAll('ul[aria-label="Personas"] button')].map((b) => b.getAttribute('aria-label')),
    async choose(
      files: { name: string; bytes: Uint8Array; type?: string }[],
      field = 'Import a card or lorebook',
    ) {
      const input = labelled(field);
      const list = files.map((f) => new File([f.bytes as BlobPart], f.name, { type: f.type ?? '' }));
      Object.defineProperty(input, 'files', { value: list, configurable: true });
      await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
      await settle();
    },
    async click(name: string) {
      await act(() => void button(name).click());
      await settle();
    },
    async type(field: string, value: string) {
      const input = labelled(field);
      await act(() => {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    },
  });
}
