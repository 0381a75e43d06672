import type { ComponentChildren, TargetedFocusEvent, TargetedKeyboardEvent } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** Asks the list to bring a row into view (and make it the active row); a new `token` asks again. */
export interface ScrollRequest {
  index: number;
  token: number;
  /** Move keyboard focus to the row too. */
  focus?: boolean;
}

/** Props of the windowed list. */
export interface VirtualListProps<T> {
  /** The rows' data; read by index, never copied. */
  items: readonly T[];
  /** Every row is this many pixels high. */
  rowHeight: number;
  getKey: (item: T, index: number) => string;
  renderRow: (item: T, index: number) => ComponentChildren;
  /** Accessible name of the list. */
  ariaLabel: string;
  /** Viewport height in px; measured from the element (CSS decides) when left out. */
  height?: number;
  /** Rows rendered above and below the visible ones. */
  overscan?: number;
  scrollRequest?: ScrollRequest;
  /** Extra class for a row (e.g. the deep-linked one). */
  rowClass?: (item: T, index: number) => string | undefined;
  class?: string;
  /** Shown instead of rows when there are none. */
  empty?: ComponentChildren;
}

/** The slice of rows to render for a scroll position: [start, end). Pure, for the component and its tests. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(first, count - 1) - overscan);
  const end = Math.min(count, Math.ceil((Math.max(0, scrollTop) + viewportHeight) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

const FALLBACK_HEIGHT = 600;

/**
 * A windowed list with fixed row height: only the rows in view plus `overscan` are in the
 * DOM, absolutely placed inside a spacer as tall as all rows, so 100,000 items cost the
 * same as 30. Re-renders only when the first visible row changes.
 *
 * Keyboard: rows use a roving tabindex (one Tab stop for the list); Arrow keys, Page Up/Down,
 * Home and End move between rows, scrolling them into view. The active row stays rendered
 * even when scrolled away, so focus is never dropped.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, getKey, renderRow, overscan = 6, scrollRequest, rowClass } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [firstRow, setFirstRow] = useState(0);
  const [measured, setMeasured] = useState<number | undefined>(undefined);
  const [active, setActive] = useState(0);
  /** A row waiting to take focus once it is rendered. */
  const focusPending = useRef<number | null>(null);
  const count = items.length;
  const viewportHeight = props.height ?? measured ?? FALLBACK_HEIGHT;
  const pageRows = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
  const activeIndex = Math.min(active, Math.max(0, count - 1));

  useLayoutEffect(() => {
    const el = viewport.current;
    if (props.height !== undefined || !el) return;
    const measure = () => {
      if (el.clientHeight > 0) setMeasured(el.clientHeight);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [props.height]);

  // Fewer items (a narrower filter): the browser clamps scrollTop; follow it.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el) setFirstRow(Math.floor(el.scrollTop / rowHeight));
  }, [count, rowHeight]);

  const reveal = (index: number, center: boolean) => {
    const el = viewport.current;
    if (!el) return;
    const top = index * rowHeight;
    if (center) el.scrollTop = Math.max(0, top - (viewportHeight - rowHeight) / 2);
    else if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + viewportHeight) el.scrollTop = top + rowHeight - viewportHeight;
    setFirstRow(Math.floor(el.scrollTop / rowHeight));
  };

  useEffect(() => {
    if (!scrollRequest || scrollRequest.index < 0 || scrollRequest.index >= count) return;
    setActive(scrollRequest.index);
    reveal(scrollRequest.index, true);
    focusPending.current = scrollRequest.focus ? scrollRequest.index : null;
    // Only a new request moves the list, not a change of items.
  }, [scrollRequest?.token]);

  useEffect(() => {
    const index = focusPending.current;
    if (index === null) return;
    const row = viewport.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!row) return;
    focusPending.current = null;
    row.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    setActive(next);
    reveal(next, false);
    focusPending.current = next;
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    // Typing in a field inside a row keeps its own keys.
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + pageRows,
      PageUp: activeIndex - pageRows,
      Home: 0,
      End: count - 1,
    };
    const next = moves[e.key];
    if (next === undefined || count === 0) return;
    e.preventDefault();
    moveTo(next);
  };

  const onFocusIn = (e: TargetedFocusEvent<HTMLDivElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    const index = row ? Number(row.dataset.index) : NaN;
    if (Number.isInteger(index) && index !== activeIndex) setActive(index);
  };

  const { start, end } = visibleRange(firstRow * rowHeight, viewportHeight, rowHeight, count, overscan);
  const indices: number[] = [];
  if (count > 0 && activeIndex < start) indices.push(activeIndex);
  for (let i = start; i < end; i++) indices.push(i);
  if (count > 0 && activeIndex >= end) indices.push(activeIndex);

  return (
    <div
      ref={viewport}
      class={`vlist${props.class ? ` ${props.class}` : ''}`}
      style={props.height !== undefined ? { height: `${props.height}px` } : undefined}
      role="list"
      aria-label={props.ariaLabel}
      onScroll={(e) => {
        const next = Math.floor(e.currentTarget.scrollTop / rowHeight);
        if (next !== firstRow) setFirstRow(next);
      }}
      onKeyDown={onKeyDown}
      onFocusIn={onFocusIn}
    >
      {count === 0 ? (
        props.empty
      ) : (
        <div class="vlist-spacer" role="none" style={{ height: `${count * rowHeight}px` }}>
          {indices.map((i) => {
            const item = items[i] as T;
            const extra = rowClass?.(item, i);
            return (
              <div
                key={getKey(item, i)}
                class={`vlist-row${extra ? ` ${extra}` : ''}`}
                role="listitem"
                aria-setsize={count}
                aria-posinset={i + 1}
                data-index={i}
                tabIndex={i === activeIndex ? 0 : -1}
                style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
              >
                {renderRow(item, i)}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
