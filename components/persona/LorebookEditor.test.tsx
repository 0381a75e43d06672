// @vitest-environment jsdom
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lorebook } from '../../lib/persona/lorebook/schema';
import { LorebookEditor } from './LorebookEditor';
import { LorebookInspector } from './LorebookInspector';

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
});

const start = (): Lorebook => ({
  token_budget: 9,
  entries: [
    { keys: [], content: 'The harbour smells of salt and tar every day.', constant: true, name: 'Harbour' },
    { keys: ['dragon'], content: 'Dragons guard the bay.', name: 'Dragons' },
    { keys: ['<img src=x onerror=alert(1)>'], content: '<b>bold</b>', name: '<script>x</script>' },
  ],
});

let latest: Lorebook;
function Harness({ turns }: { turns?: string[] }) {
  const [book, setBook] = useState(start());
  latest = book;
  return (
    <>
      <LorebookEditor book={book} onChange={setBook} />
      <LorebookInspector
        book={book}
        macros={{ char: 'Ember', user: 'Sam' }}
        loadRecentTurns={turns ? () => Promise.resolve(turns) : undefined}
      />
    </>
  );
}

const fieldset = (name: string) =>
  [...host.querySelectorAll('fieldset')].find((f) => f.getAttribute('aria-label') === name)!;
const checkbox = (within: Element, label: string) =>
  [...within.querySelectorAll('label')].find((l) => l.textContent?.trim() === label)!.querySelector('input')!;
const rows = () =>
  [...host.querySelectorAll('table[aria-label="Activation report"] tbody tr')].map((tr) =>
    [...tr.children].map((c) => c.textContent),
  );
async function typeChat(text: string) {
  const area = [...host.querySelectorAll('label')]
    .find((l) => l.textContent?.startsWith('Chat to test'))!
    .querySelector('textarea')!;
  await act(() => {
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('lorebook editor and inspector', () => {
  it('shows what fired on which key at what depth, and a constant entry the budget dropped', async () => {
    await act(() => render(<Harness />, host));
    await typeChat('I saw a dragon\n\nthen went home');
    const [harbour, dragons] = rows();
    expect(harbour![0]).toBe('Harbour');
    expect(harbour![1]).toBe('Dropped by the token budget (a constant entry)');
    expect(harbour![2]).toMatch(/Fired: Always on \(constant\)\. needs \d+ tokens/);
    expect(dragons).toEqual([
      'Dragons',
      'Inserted',
      expect.stringMatching(/^Key "dragon" in the turn at depth 2/),
    ]);
    expect(host.querySelector('[aria-label="Activation summary"]')?.textContent).toContain(
      '1 dropped by the budget',
    );
  });

  it('renders card text as text, never as HTML', async () => {
    await act(() => render(<Harness />, host));
    expect(host.querySelector('script, b, img')).toBeNull();
    expect(host.textContent).toContain('<script>x</script>');
    const keys = fieldset('<script>x</script>').querySelector('textarea')!;
    expect(keys.value).toBe('<img src=x onerror=alert(1)>');
  });

  it('applies an edit to the book the inspector runs on', async () => {
    await act(() => render(<Harness />, host));
    await typeChat('no keys here');
    expect(rows()[1]![1]).toBe('No key matched');
    await act(() => void checkbox(fieldset('Dragons'), 'Always on (constant)').click());
    expect(latest.entries[1]!.constant).toBe(true);
    expect(rows()[1]![2]).toMatch(/Always on \(constant\)/);
    await act(() => void checkbox(fieldset('Dragons'), 'Enabled').click());
    expect(latest.entries[1]!.enabled).toBe(false);
    expect(rows()[1]![1]).toBe('Switched off');
  });

  it('adds and removes entries', async () => {
    await act(() => render(<Harness />, host));
    const button = (name: string) =>
      [...host.querySelectorAll('button')].find((b) => b.textContent === name)!;
    await act(() => void button('Add entry').click());
    expect(latest.entries).toHaveLength(4);
    await act(() => void button('Remove Dragons').click());
    expect(latest.entries.map((e) => e.name)).toEqual(['Harbour', '<script>x</script>', '']);
  });

  it('loads the last conversation’s turns into the inspector', async () => {
    await act(() => render(<Harness turns={['hello', 'a dragon appears']} />, host));
    const use = [...host.querySelectorAll('button')].find(
      (b) => b.textContent === 'Use the last conversation',
    )!;
    await act(async () => void use.click());
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(rows()[1]![2]).toMatch(/^Key "dragon" in the latest turn \(depth 1\)/);
  });
});
