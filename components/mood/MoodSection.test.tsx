import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type uPlot from 'uplot';
import { MoodSection } from './MoodSection';
import type { PlotConstructor } from './TimeChart';
import { loadHistory } from './load-history';
import { createTestMoodClient, moodEntry, relationshipEntry, type TestMoodClient } from './test-mood-client';

// A DOM of its own in the node environment (as DataPanel.test.tsx): the export reuses the data
// section's download helper, whose module reaches `wxt/browser`, which refuses jsdom's TextEncoder.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: Window & typeof globalThis };
};
const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, {
  window: dom.window,
  document: dom.window.document,
  getComputedStyle: dom.window.getComputedStyle,
});
const { Event, HTMLAnchorElement } = dom.window;

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 2, 12);
let root: HTMLElement;
let plots: { options: uPlot.Options; data: uPlot.AlignedData }[];
let downloads: { name: string; blob: Blob }[];

/** Stands in for uPlot (jsdom has no canvas) and keeps what each chart was given. */
const FakePlot = class {
  constructor(options: uPlot.Options, data: uPlot.AlignedData) {
    plots.push({ options, data });
  }
  setSize() {}
  destroy() {}
} as PlotConstructor;

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button named "${name}"`);
  return found;
}
const rows = (table: string) =>
  [...root.querySelectorAll(`table[aria-label="${table}"] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent),
  );

async function mount(client: TestMoodClient) {
  await act(() =>
    render(
      <MoodSection
        client={client}
        personaId="default"
        personaName="Ember"
        loadPlot={() => Promise.resolve(FakePlot)}
        now={() => NOW}
      />,
      root,
    ),
  );
  await settle();
  await settle();
}

beforeEach(() => {
  plots = [];
  downloads = [];
  let blob: Blob | null = null;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => ((blob = b as Blob), 'blob:hearth/1'));
  URL.revokeObjectURL = () => {};
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blob! });
  });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

describe('MoodSection', () => {
  it('shows the feeling and the relationship in words and numbers', async () => {
    const client = createTestMoodClient({ feeling: 'sad', pad: { p: -0.42, a: 0.1, d: -0.2 } });
    await mount(client);
    const text = root.textContent!;
    expect(root.querySelector('[role="img"][aria-label="Ember feels sad"]')).not.toBeNull();
    expect(text).toContain('Ember feels sad');
    expect(text).toContain('Pleasure\u22120.42unpleasant');
    expect(text).toContain('Dominance\u22120.20yielding');
    expect(text).toContain('Relationship: acquainted');
    expect(text).toContain('Trust0.55 (good)');
    const meters = [...root.querySelectorAll('meter')].map((m) => m.getAttribute('value'));
    expect(meters).toEqual(['0.4', '0.55', '0.3']);
  });

  it('lists the causes newest first, a page at a time, within the chosen period', async () => {
    const log = Array.from({ length: 45 }, (_, i) =>
      moodEntry(NOW - (45 - i) * HOUR, { p: i / 100, a: 0, d: 0 }, { id: `m${i}`, rule: `rule ${i}` }),
    );
    log.unshift(moodEntry(NOW - 30 * 24 * HOUR, { p: 0.9, a: 0, d: 0 }, { id: 'old', rule: 'too old' }));
    log.push(
      moodEntry(
        NOW - HOUR / 2,
        { p: -0.1, a: 0.2, d: 0 },
        { id: 'own', cause: 'own-reply', delta: { p: -0.05, a: 0.02 } },
      ),
    );
    const client = createTestMoodClient({ log });
    await mount(client);
    const first = rows('Log of causes');
    expect(first).toHaveLength(20);
    expect(first[0]!.slice(1)).toEqual([
      'mood',
      'its own reply',
      'bounded step 0.3',
      'pleasure \u22120.05, arousal +0.02',
    ]);
    expect(first[1]![3]).toBe('rule 44');
    expect(root.textContent).toContain('1–20 of 46');
    await act(() => button('Older changes').click());
    expect(rows('Log of causes')[0]![3]).toBe('rule 25');
    expect(root.textContent).toContain('21–40 of 46');
    await act(() => button('Older changes').click());
    expect(rows('Log of causes').map((r) => r[3])).toEqual([
      'rule 5',
      'rule 4',
      'rule 3',
      'rule 2',
      'rule 1',
      'rule 0',
    ]);
    expect(button('Older changes').disabled).toBe(true);
    // The week asked the client for nothing older than seven days.
    const asked = client.calls.find((c) => c.method === 'history')!.args[1] as { from: number };
    expect(asked.from).toBe(NOW - 7 * 24 * HOUR);
    expect(root.textContent).not.toContain('too old');

    const periods = [...root.querySelectorAll('select')].find((s) =>
      s.closest('label')?.textContent?.startsWith('Period'),
    )!;
    periods.value = 'all';
    await act(() => void periods.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
    expect(root.textContent).toContain('1–20 of 47');
  });

  it('shows the relationship history apart from the mood', async () => {
    const client = createTestMoodClient({
      log: [
        moodEntry(NOW - 3 * HOUR, { p: 0.1, a: 0, d: 0 }),
        relationshipEntry(
          NOW - 2 * HOUR,
          { familiarity: 0.3, trust: 0.5, affection: 0.2 },
          { delta: { trust: -0.1 }, rule: 'trust falls faster' },
        ),
        relationshipEntry(NOW - HOUR, { familiarity: 0.31, trust: 0.5, affection: 0.2 }),
      ],
    });
    await mount(client);
    expect(rows('Relationship history')).toEqual([
      [expect.any(String), 'your message', 'familiarity grows with use', '0.31 (+0.01)', '0.50', '0.20'],
      [expect.any(String), 'your message', 'trust falls faster', '0.30', '0.50 (\u22120.10)', '0.20'],
    ]);
  });

  it('gives the mood chart p, a and d over time, ending at the mood now, and the relationship chart its three values', async () => {
    const client = createTestMoodClient({
      pad: { p: 0.05, a: -0.1, d: 0 },
      log: [
        moodEntry(NOW - 2 * HOUR, { p: -0.3, a: 0.4, d: -0.1 }),
        relationshipEntry(NOW - 90 * 60_000, { familiarity: 0.3, trust: 0.5, affection: 0.2 }),
        moodEntry(NOW - HOUR, { p: -0.1, a: 0.2, d: 0 }),
      ],
    });
    await mount(client);
    expect(plots).toHaveLength(2);
    const [mood, relationship] = plots;
    expect(mood!.data).toEqual([
      [(NOW - 2 * HOUR) / 1000, (NOW - HOUR) / 1000, NOW / 1000],
      [-0.3, -0.1, 0.05],
      [0.4, 0.2, -0.1],
      [-0.1, 0, 0],
    ]);
    expect(mood!.options.series.map((s) => s.label)).toEqual([undefined, 'Pleasure', 'Arousal', 'Dominance']);
    expect(mood!.options.scales?.y?.range).toEqual([-1, 1]);
    expect(relationship!.data).toEqual([
      [(NOW - 90 * 60_000) / 1000, NOW / 1000],
      [0.3, 0.4],
      [0.5, 0.55],
      [0.2, 0.3],
    ]);
    expect(
      root.querySelector('[aria-label^="Mood over time: pleasure, arousal, dominance; 3 points"]'),
    ).not.toBeNull();
  });

  it('draws no chart from a single moment (uPlot would spread its time axis over years)', async () => {
    // No log yet: the mood chart would have only the mood now, the relationship chart nothing.
    const client = createTestMoodClient({ feeling: 'calm', pad: { p: 0.2, a: -0.1, d: 0.05 } });
    await mount(client);
    expect(plots).toHaveLength(0);
    expect(root.textContent).toContain('Nothing to chart in this period yet: a line needs two moments.');
  });

  it('pauses and resumes through the client', async () => {
    const client = createTestMoodClient();
    await mount(client);
    await act(() => button('Pause mood and relationship').click());
    await settle();
    expect(client.calls.filter((c) => c.method === 'pause').map((c) => c.args)).toEqual([['default', true]]);
    expect(root.textContent).toContain('Mood and relationship are paused.');
    await act(() => button('Resume mood and relationship').click());
    await settle();
    expect(client.calls.filter((c) => c.method === 'pause').map((c) => c.args)).toEqual([
      ['default', true],
      ['default', false],
    ]);
  });

  it('resets only after a confirmation, and what was chosen', async () => {
    const client = createTestMoodClient({ feeling: 'annoyed' });
    await mount(client);
    const what = [...root.querySelectorAll('select')].find((s) =>
      s.closest('label')?.textContent?.startsWith('What to reset'),
    )!;
    what.value = 'both';
    await act(() => void what.dispatchEvent(new Event('change', { bubbles: true })));
    await act(() => button('Reset…').click());
    expect(root.querySelector('[role="alertdialog"]')?.textContent).toContain(
      'Reset the mood and the relationship of Ember?',
    );
    await act(() => button('Cancel').click());
    expect(client.calls.some((c) => c.method === 'reset')).toBe(false);

    await act(() => button('Reset…').click());
    await act(() => button('Yes, reset the mood and the relationship').click());
    await settle();
    expect(client.calls.filter((c) => c.method === 'reset').map((c) => c.args)).toEqual([
      ['default', 'both'],
    ]);
    expect(root.querySelector('[role="alertdialog"]')).toBeNull();
    expect(root.querySelector('[aria-label="Ember feels calm"]')).not.toBeNull();
  });

  it('shows the error when the reset fails', async () => {
    const client = createTestMoodClient();
    client.reset = () => Promise.reject(new Error('The background did not answer.'));
    await mount(client);
    await act(() => button('Reset…').click());
    await act(() => button('Yes, reset the mood').click());
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('The background did not answer.');
  });

  it('exports the mood, the relationship and the log as a JSON file', async () => {
    const client = createTestMoodClient({ log: [moodEntry(NOW - HOUR, { p: 0.1, a: 0, d: 0 })] });
    await mount(client);
    await act(() => button('Export mood and relationship').click());
    await settle();
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.name).toMatch(/^hearth-mood-ember-\d{4}-\d\d-\d\d\.json$/);
    const file = JSON.parse(await downloads[0]!.blob.text());
    expect(file.mood.feeling).toBe('calm');
    expect(file.log).toHaveLength(1);
  });

  it('reads again when the client reports a change', async () => {
    const client = createTestMoodClient();
    await mount(client);
    client.log.push(
      moodEntry(NOW - 60_000, { p: -0.5, a: 0.5, d: -0.3 }, { rule: 'bounded step 0.3, fresh' }),
    );
    await act(() => client.feel('anxious'));
    await settle();
    expect(root.querySelector('[aria-label="Ember feels anxious"]')).not.toBeNull();
    expect(rows('Log of causes')[0]![3]).toBe('bounded step 0.3, fresh');
  });
});

describe('loadHistory', () => {
  it('reads every page, skipping what the inclusive `from` repeats at a page edge', async () => {
    // Pairs of entries share a millisecond, so pages of 5 end in the middle of a pair.
    const log = Array.from({ length: 23 }, (_, i) =>
      moodEntry(1000 + Math.floor(i / 2), { p: 0, a: 0, d: 0 }, { id: `e${i}` }),
    );
    const client = createTestMoodClient({ log });
    const { entries, truncated } = await loadHistory(client, 'default', 0, { pageSize: 5 });
    expect(entries.map((e) => e.id)).toEqual(log.map((e) => e.id));
    expect(truncated).toBe(false);
  });

  it('keeps the newest entries when the window holds more than the cap', async () => {
    const log = Array.from({ length: 30 }, (_, i) =>
      moodEntry(1000 + i, { p: 0, a: 0, d: 0 }, { id: `e${i}` }),
    );
    const { entries, truncated } = await loadHistory(createTestMoodClient({ log }), 'default', 0, {
      pageSize: 7,
      cap: 10,
    });
    expect(entries.map((e) => e.id)).toEqual(log.slice(20).map((e) => e.id));
    expect(truncated).toBe(true);
  });
});
