import type { ComponentChildren, TargetedFocusEvent, TargetedKeyboardEvent } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

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
  /**
   * A row's height in px until it has been rendered and measured; rows then take the height
   * of their content (measured, and re-measured when it changes).
   */
  estimatedRowHeight: number;
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

/**
 * Top offsets of every row from their heights: `offsets[i]` is where row i starts and
 * `offsets[count]` the total height. Pure, for the component and its tests.
 */
export function rowOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + heightOf(i);
  return offsets;
}

/** The row at vertical position `y`: the last whose top is at or above it (binary search). */
export function rowAt(offsets: Float64Array, y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return 0;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The slice of rows to render for a scroll position: [start, end). Pure, for the component and its tests. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  offsets: Float64Array,
  overscan: number,
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = rowAt(offsets, top);
  const last = rowAt(offsets, top + viewportHeight);
  // A row that starts exactly at the bottom edge is not in view.
  const lastInView = last > first && offsets[last]! >= top + viewportHeight ? last - 1 : last;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, lastInView + 1 + overscan);
  return { start, end: Math.max(start, end) };
}

const FALLBACK_HEIGHT = 600;

/**
 * A windowed list whose rows size to their content: only the rows in view plus `overscan`
 * are in the DOM, absolutely placed inside a spacer as tall as all rows, so 100,000 items
 * cost the same as 30. Rows not yet seen count as `estimatedRowHeight`; each rendered row
 * is measured (and watched with a ResizeObserver), its height kept by key, and the rows
 * placed from the measured heights. When a row above the viewport changes height, the
 * scroll position moves with it so what is on screen stays put. Re-renders only when the
 * first visible row changes or a measurement does.
 *
 * Keyboard: rows use a roving tabindex (one Tab stop for the list); Arrow keys, Page Up/Down,
 * Home and End move between rows, scrolling them into view. The active row stays rendered
 * even when scrolled away, so focus is never dropped.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, estimatedRowHeight, getKey, renderRow, overscan = 6, scrollRequest, rowClass } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [firstRow, setFirstRow] = useState(0);
  const [measured, setMeasured] = useState<number | undefined>(undefined);
  const [active, setActive] = useState(0);
  /** Measured heights by row key; survive filtering, since keys are stable. */
  const heights = useRef(new Map<string, number>());
  const [heightsVersion, setHeightsVersion] = useState(0);
  const resizeObserver = useRef<ResizeObserver | null>(null);
  /** A row waiting to take focus once it is rendered. */
  const focusPending = useRef<number | null>(null);
  const count = items.length;
  const viewportHeight = props.height ?? measured ?? FALLBACK_HEIGHT;
  const pageRows = Math.max(1, Math.floor(viewportHeight / estimatedRowHeight) - 1);
  const activeIndex = Math.min(active, Math.max(0, count - 1));
  const offsets = useMemo(
    () => rowOffsets(count, (i) => heights.current.get(getKey(items[i] as T, i)) ?? estimatedRowHeight),
    // getKey is read fresh each time; a new function alone does not change the layout.
    [items, count, estimatedRowHeight, heightsVersion],
  );
  const latestOffsets = useRef(offsets);
  latestOffsets.current = offsets;

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

  /** Records the heights of rendered rows; keeps the view steady when a row above it changed. */
  const measureRows = (rows: Iterable<Element>) => {
    const el = viewport.current;
    let changed = false;
    let shift = 0;
    for (const row of rows) {
      if (!(row instanceof HTMLElement)) continue;
      const key = row.dataset.key;
      const index = Number(row.dataset.index);
      const height = row.offsetHeight;
      if (key === undefined || height <= 0) continue; // not laid out (hidden, or no layout engine)
      const before = heights.current.get(key) ?? estimatedRowHeight;
      if (Math.abs(before - height) < 0.5) continue;
      heights.current.set(key, height);
      changed = true;
      if (el && (latestOffsets.current[index + 1] ?? Infinity) <= el.scrollTop) shift += height - before;
    }
    if (!changed) return;
    if (el && shift !== 0) el.scrollTop += shift;
    setHeightsVersion((v) => v + 1);
  };

  // After every render: measure the rows now in the DOM, and watch them for later changes
  // (an edit, a wider window, a font arriving).
  useLayoutEffect(() => {
    const spacer = viewport.current?.querySelector('.vlist-spacer');
    if (!spacer) return;
    const rows = [...spacer.children];
    measureRows(rows);
    if (typeof ResizeObserver === 'undefined') return;
    resizeObserver.current ??= new ResizeObserver((entries) => measureRows(entries.map((e) => e.target)));
    resizeObserver.current.disconnect();
    for (const row of rows) resizeObserver.current.observe(row);
  });
  useEffect(() => () => resizeObserver.current?.disconnect(), []);

  // Fewer items (a narrower filter): the browser clamps scrollTop; follow it.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el) setFirstRow(rowAt(latestOffsets.current, el.scrollTop));
  }, [count]);

  const reveal = (index: number, center: boolean) => {
    const el = viewport.current;
    if (!el) return;
    const top = offsets[index] ?? 0;
    const height = (offsets[index + 1] ?? top) - top;
    if (center) el.scrollTop = Math.max(0, top - (viewportHeight - height) / 2);
    else if (top < el.scrollTop) el.scrollTop = top;
    else if (top + height > el.scrollTop + viewportHeight) el.scrollTop = top + height - viewportHeight;
    setFirstRow(rowAt(offsets, el.scrollTop));
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

  const { start, end } = visibleRange(offsets[firstRow] ?? 0, viewportHeight, offsets, overscan);
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
        const next = rowAt(offsets, e.currentTarget.scrollTop);
        if (next !== firstRow) setFirstRow(next);
      }}
      onKeyDown={onKeyDown}
      onFocusIn={onFocusIn}
    >
      {count === 0 ? (
        props.empty
      ) : (
        <div class="vlist-spacer" role="none" style={{ height: `${offsets[count] ?? 0}px` }}>
          {indices.map((i) => {
            const item = items[i] as T;
            const extra = rowClass?.(item, i);
            const key = getKey(item, i);
            return (
              <div
                key={key}
                data-key={key}
                class={`vlist-row${extra ? ` ${extra}` : ''}`}
                role="listitem"
                aria-setsize={count}
                aria-posinset={i + 1}
                data-index={i}
                tabIndex={i === activeIndex ? 0 : -1}
                style={{ top: `${offsets[i] ?? 0}px` }}
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
