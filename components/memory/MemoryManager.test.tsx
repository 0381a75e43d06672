// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../../lib/db/open';
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../../lib/db/schema';
import { createMemoryManagerService } from '../../lib/memory/memory-manager-service';
import { createMemoryStore, type MemoryStore } from '../../lib/memory/memory-store';
import { MemoryManager } from './MemoryManager';
import { at, mem } from './test-memories';

let host: HTMLDivElement;
let db: IDBPDatabase<HearthDB>;
let store: MemoryStore;
let n = 0;

beforeEach(async () => {
  db = await openHearthDb({ name: `memory-manager-test-${n++}` });
  store = createMemoryStore(db);
  host = document.createElement('div');
  document.body.appendChild(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
  db.close();
  location.hash = '';
});
// Preact runs effects after paint with a 100 ms timer that calls cancelAnimationFrame; let
// the last ones fire while jsdom still provides it, not after the environment is torn down.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

// Generous: a wait, not a speed check; a loaded 2-core machine can be slow to render.
async function until(check: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await act(() => new Promise((r) => setTimeout(r, 20)));
  }
}

const rows = () => [
  ...host.querySelectorAll<HTMLElement>('[role="list"][aria-label="Memories"] [role="listitem"]'),
];
const texts = () => rows().map((r) => r.querySelector('.memory-text')?.textContent);
const button = (root: ParentNode, name: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
const labelled = <T extends HTMLElement>(name: string) =>
  [...host.querySelectorAll('label')]
    .find((l) => l.textContent?.trim().startsWith(name))
    ?.querySelector('input, select') as T;
async function setValue(el: HTMLInputElement | HTMLSelectElement, value: string, event = 'input') {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event(event, { bubbles: true }));
  });
}

async function seed() {
  const tea = (
    await store.add({
      text: 'Sam likes green tea',
      kind: 'preference',
      provenance: { type: 'messages', messageIds: ['m1'] },
      createdAt: at(2026, 5, 3),
    })
  ).record;
  const post = (
    await store.add({
      text: 'An article about sourdough',
      kind: 'page',
      provenance: { type: 'page', url: 'https://example.com/post', title: 'Example post' },
      createdAt: at(2026, 4, 10),
    })
  ).record;
  const oldJob = (
    await store.add({
      text: 'Sam works at a bakery',
      kind: 'user-fact',
      provenance: { type: 'messages', messageIds: ['m2'] },
      createdAt: at(2026, 3, 1),
    })
  ).record;
  const { record: newJob } = await store.supersede(oldJob.id, {
    text: 'Sam works at a library',
    kind: 'user-fact',
    provenance: { type: 'messages', messageIds: ['m3'] },
  });
  return { tea, post, oldJob, newJob };
}

async function mount() {
  await act(() => render(<MemoryManager service={createMemoryManagerService(db)} listHeight={400} />, host));
  await until(() => host.querySelector('[data-ready="true"]') !== null, 'the memories to load');
}

describe('MemoryManager', () => {
  it('lists current memories with where and when they came from', async () => {
    await seed();
    await mount();
    expect(texts()).toEqual(['Sam works at a library', 'Sam likes green tea', 'An article about sourdough']);
    const link = host.querySelector<HTMLAnchorElement>('a[href="https://example.com/post"]');
    expect(link?.textContent).toBe('Example post');
    expect(link?.rel).toContain('noopener');
    expect(rows()[1]?.textContent).toContain('From a chat on');
    expect(rows()[2]?.textContent).toContain('From a page on example.com');
    expect(host.querySelector('[role="status"]')?.textContent).toContain('3 of 4 memories');
    const month = button(
      host,
      `${new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' }).format(at(2026, 4, 10))}: 1 memory`,
    );
    expect(month).toBeDefined();
  });

  it('shows replaced facts struck through when asked', async () => {
    await seed();
    await mount();
    await act(() => labelled<HTMLInputElement>('Show replaced facts').click());
    expect(texts()).toContain('Sam works at a bakery');
    const old = rows().find((r) => r.textContent?.includes('bakery'));
    expect(old?.querySelector('s')).not.toBeNull();
    expect(old?.textContent).toContain('Replaced by “Sam works at a library”');
  });

  it('forgets a memory and undoes it', async () => {
    await seed();
    await mount();
    const row = rows().find((r) => r.textContent?.includes('green tea')) as HTMLElement;
    await act(() => button(row, 'Forget memory')?.click());
    await until(() => !texts().includes('Sam likes green tea'), 'the memory to go');
    expect(await store.count()).toBe(2);
    const toast = host.querySelector('.memory-toast') as HTMLElement;
    expect(toast.textContent).toContain('Forgot “Sam likes green tea”');
    await act(() => button(toast, 'Undo')?.click());
    await until(() => texts().includes('Sam likes green tea'), 'the memory to come back');
    expect(await store.count()).toBe(3);
  });

  it('shows memories with impossible stored dates as of an unknown date, and forgets them', async () => {
    await seed();
    // As an old import could have stored them: far beyond what Date can show, and far before any computer.
    await db.put(
      'memories',
      mem('huge', { text: 'From the far future', createdAt: 1e300, validFrom: 1e300 }),
    );
    await db.put('memories', mem('tiny', { text: 'From the deep past', createdAt: -1e15, validFrom: -1e15 }));
    await mount();
    expect(texts()).toEqual(expect.arrayContaining(['From the far future', 'From the deep past']));
    for (const text of ['From the far future', 'From the deep past']) {
      const row = rows().find((r) => r.textContent?.includes(text)) as HTMLElement;
      expect(row.textContent).toContain('an unknown date');
    }
    // The timeline still shows the good months and nothing for the bad ones.
    const bars = host.querySelectorAll('.memory-timeline-bar');
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.length).toBeLessThan(12);

    const row = rows().find((r) => r.textContent?.includes('far future')) as HTMLElement;
    await act(() => button(row, 'Forget memory')?.click());
    await until(() => !texts().includes('From the far future'), 'the bad memory to go');
    expect(await store.get('huge')).toBeUndefined();
    const toast = host.querySelector('.memory-toast') as HTMLElement;
    expect(toast.textContent).toContain('Forgot “From the far future”.');
  });

  it('says a chat turn the user wrote was said by you, and never doubles a full stop', async () => {
    await store.add({
      text: 'I moved to Porto.',
      kind: 'episode',
      role: 'user',
      speaker: 'User',
      provenance: { type: 'messages', messageIds: ['m9'] },
    });
    await mount();
    expect(rows()[0]?.textContent).toContain('said by you');
    expect(rows()[0]?.textContent).not.toContain('User');
    await act(() => button(rows()[0]!, 'Forget memory')?.click());
    await until(() => host.querySelector('.memory-toast') !== null, 'the toast');
    expect(host.querySelector('.memory-toast')?.textContent).toContain('Forgot “I moved to Porto.”');
    expect(host.querySelector('.memory-toast')?.textContent).not.toContain('.”.');
  });

  it('shows a fact stored as "User …" by an earlier version as "The user …"', async () => {
    await store.add({
      text: "User's sister is Ana",
      kind: 'user-fact',
      role: 'user',
      speaker: 'User',
      provenance: { type: 'messages', messageIds: ['m8'] },
    });
    await mount();
    expect(texts()).toEqual(["The user's sister is Ana"]);
  });

  it('pins and unpins', async () => {
    const { tea } = await seed();
    await mount();
    const row = () => rows().find((r) => r.textContent?.includes('green tea')) as HTMLElement;
    await act(() => button(row(), 'Pin memory')?.click());
    await until(() => button(row(), 'Unpin memory') !== undefined, 'the pin');
    expect((await store.get(tea.id))?.pinned).toBe(true);
    await act(() => button(host.querySelector('.memory-toast') as HTMLElement, 'Undo')?.click());
    await until(() => button(row(), 'Pin memory') !== undefined, 'the undo');
    expect((await store.get(tea.id))?.pinned).toBe(false);
  });

  it('searches with the retrieval and filters by kind and source', async () => {
    await seed();
    await mount();
    await setValue(labelled<HTMLInputElement>('Search memories'), 'tea');
    await until(() => texts().length === 1, 'search results');
    expect(texts()).toEqual(['Sam likes green tea']);
    await setValue(labelled<HTMLInputElement>('Search memories'), '');
    await until(() => texts().length === 3, 'all memories again');
    await setValue(labelled<HTMLSelectElement>('Source'), 'page', 'change');
    expect(texts()).toEqual(['An article about sourdough']);
    await setValue(labelled<HTMLSelectElement>('Source'), '', 'change');
    await setValue(labelled<HTMLSelectElement>('Kind'), 'preference', 'change');
    expect(texts()).toEqual(['Sam likes green tea']);
  });

  it('says why each search result matched: its words, or only related', async () => {
    const turn = (id: string, text: string, minute: number) =>
      store.add({
        text,
        kind: 'episode',
        role: 'user',
        conversationId: 'c1',
        provenance: { type: 'messages', messageIds: [id] },
        createdAt: at(2026, 5, 3) + minute * 60_000,
      });
    await turn('m1', 'Lisbon got too expensive for us', 0);
    await turn('m2', 'So I moved to Porto in the spring', 1);
    await mount();
    await setValue(labelled<HTMLInputElement>('Search memories'), 'lisbon');
    await until(() => host.querySelector('.memory-match') !== null, 'search results');
    expect(texts()).toEqual(['Lisbon got too expensive for us', 'So I moved to Porto in the spring']);
    expect(rows()[0]?.querySelector('.memory-match')?.textContent).toBe('Matches “Lisbon”');
    expect(rows()[1]?.querySelector('.memory-related')?.textContent).toContain('Related');
  });

  it('edits a memory with validation', async () => {
    const { tea } = await seed();
    await mount();
    const row = rows().find((r) => r.textContent?.includes('green tea')) as HTMLElement;
    await act(() => button(row, 'Edit memory')?.click());
    const dialog = host.querySelector('dialog') as HTMLDialogElement;
    const text = dialog.querySelector('textarea') as HTMLTextAreaElement;
    await act(() => {
      text.value = '   ';
      text.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => button(dialog, 'Save')?.click());
    expect(dialog.querySelector('[role="alert"]')?.textContent).toContain('cannot be empty');
    await act(() => {
      text.value = 'Sam likes jasmine tea';
      text.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => button(dialog, 'Save')?.click());
    await until(() => texts().includes('Sam likes jasmine tea'), 'the edit');
    expect((await store.get(tea.id))?.text).toBe('Sam likes jasmine tea');
    expect(host.querySelector('dialog')).toBeNull();
  });

  it('forgets everything from a site after showing the count', async () => {
    await seed();
    await mount();
    await setValue(labelled<HTMLSelectElement>('Forget memories of'), 'example.com', 'change');
    expect(host.querySelector('.memory-bulk')?.textContent).toContain('1 memory from this site');
    await act(() => button(host, 'Forget everything from a site…')?.click());
    await act(() => button(host, 'Forget 1 memory')?.click());
    await until(() => !texts().includes('An article about sourdough'), 'the site to be forgotten');
    expect(await store.count({ includeSuperseded: true })).toBe(3);
  });

  it('scrolls to and highlights a deep-linked memory, even a replaced one', async () => {
    const { oldJob } = await seed();
    location.hash = `#memory=${encodeURIComponent(oldJob.id)}`;
    await mount();
    await until(() => host.querySelector('.memory-highlight') !== null, 'the highlight');
    expect(host.querySelector('.memory-highlight')?.textContent).toContain('Sam works at a bakery');
    expect(labelled<HTMLInputElement>('Show replaced facts').checked).toBe(true);
  });
});
