// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowAt, rowOffsets, VirtualList, visibleRange } from './VirtualList';

const ROW = 40;
const HEIGHT = 400;
const items = Array.from({ length: 100_000 }, (_, i) => `item ${i}`);

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
});
// Preact runs effects after paint with a 100 ms timer that calls cancelAnimationFrame; let
// the last ones fire while jsdom still provides it, not after the environment is torn down.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

const rows = () => [...host.querySelectorAll<HTMLElement>('[role="listitem"]')];
const list = () => host.querySelector<HTMLElement>('[role="list"]') as HTMLElement;

async function mount(extra: Partial<Parameters<typeof VirtualList<string>>[0]> = {}) {
  await act(() => {
    render(
      <VirtualList
        items={items}
        estimatedRowHeight={ROW}
        height={HEIGHT}
        overscan={5}
        ariaLabel="Memories"
        getKey={(s) => s}
        renderRow={(s) => <span>{s}</span>}
        {...extra}
      />,
      host,
    );
  });
}

async function scrollTo(top: number) {
  await act(() => {
    list().scrollTop = top;
    list().dispatchEvent(new Event('scroll'));
  });
}

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped to the items', () => {
    const even = (n: number) => rowOffsets(n, () => 40);
    expect(visibleRange(0, 400, even(100_000), 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(4000, 400, even(100_000), 5)).toEqual({ start: 95, end: 115 });
    expect(visibleRange(0, 400, even(3), 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 400, even(0), 5)).toEqual({ start: 0, end: 0 });
  });

  it('places rows of different heights from their offsets', () => {
    const heights = [100, 20, 20, 300, 20];
    const offsets = rowOffsets(heights.length, (i) => heights[i]!);
    expect([...offsets]).toEqual([0, 100, 120, 140, 440, 460]);
    expect([0, 99, 100, 139, 140, 439, 459].map((y) => rowAt(offsets, y))).toEqual([0, 0, 1, 2, 3, 3, 4]);
    // 150 px from the top of a 100 px view: rows 3 only, plus one of overscan each side.
    expect(visibleRange(150, 100, offsets, 0)).toEqual({ start: 3, end: 4 });
    expect(visibleRange(150, 100, offsets, 1)).toEqual({ start: 2, end: 5 });
  });
});

describe('VirtualList', () => {
  it('renders only a window of 100,000 items, inside a spacer as tall as all of them', async () => {
    await mount();
    expect(list().getAttribute('aria-label')).toBe('Memories');
    expect(rows()).toHaveLength(15);
    expect(rows()[0]?.textContent).toBe('item 0');
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('100000');
    expect(rows()[0]?.getAttribute('aria-posinset')).toBe('1');
    const spacer = list().firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${100_000 * ROW}px`);
  });

  it('moves the window when scrolled, keeping the DOM small', async () => {
    await mount();
    await scrollTo(50_000 * ROW);
    const texts = rows().map((r) => r.textContent);
    expect(texts).toContain('item 50000');
    expect(texts).toContain('item 50009');
    expect(texts).not.toContain('item 1');
    // The active row (0) stays rendered so focus is never dropped: the window plus that one.
    expect(texts[0]).toBe('item 0');
    expect(rows().length).toBeLessThanOrEqual(21);
    const row = rows().find((r) => r.textContent === 'item 50000');
    expect(row?.style.top).toBe(`${50_000 * ROW}px`);
  });

  it('moves between rows with the keyboard, one Tab stop for the list', async () => {
    await mount();
    const first = rows()[0] as HTMLElement;
    expect(first.tabIndex).toBe(0);
    expect(rows().filter((r) => r.tabIndex === 0)).toHaveLength(1);
    first.focus();
    await act(() => {
      first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    expect(document.activeElement?.textContent).toBe('item 1');
    await act(() => {
      (document.activeElement as HTMLElement).dispatchEvent(
        new KeyboardEvent('keydown', { key: 'End', bubbles: true }),
      );
    });
    expect(document.activeElement?.textContent).toBe('item 99999');
    expect(list().scrollTop).toBe(100_000 * ROW - HEIGHT);
    await act(() => {
      (document.activeElement as HTMLElement).dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Home', bubbles: true }),
      );
    });
    expect(document.activeElement?.textContent).toBe('item 0');
  });

  it('scrolls to a requested row and focuses it', async () => {
    await mount({ scrollRequest: { index: 70_000, token: 1, focus: true } });
    expect(document.activeElement?.textContent).toBe('item 70000');
    expect(rows().map((r) => r.textContent)).toContain('item 70000');
  });

  it('sizes rows to their measured content and places the rows after them accordingly', async () => {
    // jsdom lays nothing out: stand in for the browser's layout, a row being 30 px per line.
    const layout = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')!;
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('vlist-row') ? 30 * (this.textContent ?? '').split('|').length : 0;
      },
    });
    try {
      const tall = [
        'one line',
        'three|lines|here',
        'two|lines',
        ...Array.from({ length: 50 }, (_, i) => `r${i}`),
      ];
      await mount({ items: tall });
      const top = (text: string) => rows().find((r) => r.textContent === text)?.style.top;
      expect(top('one line')).toBe('0px');
      expect(top('three|lines|here')).toBe('30px');
      expect(top('two|lines')).toBe('120px');
      expect(top('r0')).toBe('180px');
      expect(rows().map((r) => r.style.height)).toEqual(rows().map(() => ''));
      const spacer = list().firstElementChild as HTMLElement;
      // Rows not rendered yet still count as the estimate until they are measured.
      const rendered = rows().length;
      expect(spacer.style.height).toBe(`${180 + 30 * (rendered - 3) + ROW * (tall.length - rendered)}px`);
    } finally {
      Object.defineProperty(HTMLElement.prototype, 'offsetHeight', layout);
    }
  });

  it('shows the empty message when there are no items', async () => {
    await mount({ items: [], empty: <p>Nothing here</p> });
    expect(rows()).toHaveLength(0);
    expect(host.textContent).toContain('Nothing here');
  });
});
