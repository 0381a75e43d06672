/**
 * Splits work on the page's main thread into short tasks: the walk asks `due()` as it goes
 * and, once a slice has used its budget, awaits `pause()`, which hands the thread back to
 * the page (an idle callback in the browser). It also measures every slice, so the longest
 * task the extraction caused is a figure, not a guess.
 */

/** The host's clock and its way of giving the thread back. */
export interface SliceHost {
  now(): number;
  /** Resolves in a later task, once the page has had its turn. */
  yieldToHost(): Promise<void>;
}

/** A running sequence of slices. */
export interface TimeSlicer {
  /** Whether the current slice has used its budget. */
  due(): boolean;
  /** Ends the current slice and starts the next one in a later task. */
  pause(): Promise<void>;
  /** Ends the current slice; call once when the work is done. */
  finish(): SliceStats;
}

/** What the slices cost. */
export interface SliceStats {
  slices: number;
  longestMs: number;
  totalMs: number;
}

/** A slicer whose slices last about `budgetMs` each. */
export function createTimeSlicer(host: SliceHost, budgetMs: number): TimeSlicer {
  let started = host.now();
  let slices = 0;
  let longestMs = 0;
  let totalMs = 0;
  const close = () => {
    const spent = host.now() - started;
    slices += 1;
    totalMs += spent;
    longestMs = Math.max(longestMs, spent);
  };
  return {
    due: () => host.now() - started >= budgetMs,
    async pause() {
      close();
      await host.yieldToHost();
      started = host.now();
    },
    finish() {
      close();
      return { slices, longestMs, totalMs };
    },
  };
}

/** The browser's host: idle callbacks where they exist (not in Safari), else a timer. */
export function browserSliceHost(win: Window & typeof globalThis): SliceHost {
  return {
    now: () => win.performance.now(),
    yieldToHost: () =>
      new Promise<void>((resolve) => {
        if (typeof win.requestIdleCallback === 'function') {
          // The timeout keeps a busy page from starving the read forever.
          win.requestIdleCallback(() => resolve(), { timeout: 200 });
        } else win.setTimeout(resolve, 0);
      }),
  };
}
