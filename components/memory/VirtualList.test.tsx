// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualList, visibleRange } from './VirtualList';

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
        rowHeight={ROW}
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
    expect(visibleRange(0, 400, 40, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(4000, 400, 40, 100_000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleRange(0, 400, 40, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 400, 40, 0, 5)).toEqual({ start: 0, end: 0 });
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

  it('shows the empty message when there are no items', async () => {
    await mount({ items: [], empty: <p>Nothing here</p> });
    expect(rows()).toHaveLength(0);
    expect(host.textContent).toContain('Nothing here');
  });
});
