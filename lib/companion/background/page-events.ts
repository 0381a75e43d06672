import type { PageCommentService } from './page-comments';

/** The alarm that counts dwell and notices pages while the panel is closed. */
export const PAGE_ALARM = 'hearth.page-tick';
/** Its period: Chrome fires alarms at most every 30 s. */
export const PAGE_ALARM_MINUTES = 0.5;

/** The browser events page tracking follows (chrome.alarms, tabs, windows), behind a small interface. */
export interface PageEventSources {
  alarms: {
    create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): unknown;
    get(name: string): Promise<unknown>;
    onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
  };
  tabs: { onActivated: { addListener(listener: (info: { tabId: number; windowId: number }) => void): void } };
  windows?: {
    WINDOW_ID_NONE: number;
    onFocusChanged: { addListener(listener: (windowId: number) => void): void };
  };
  /** The active tab of a window (tabs.query without the `tabs` permission gives its id). */
  activeTabIn(windowId: number): Promise<number | undefined>;
}

/**
 * Registers the listeners page tracking needs; call synchronously in the background's
 * main(), so a stopped worker woken by one of these events finds its listener. `before`
 * runs ahead of each (the end-to-end clock's refresh). Failures are logged, never thrown
 * into the browser's event loop.
 */
export function wirePageEvents(
  sources: PageEventSources,
  pages: Pick<PageCommentService, 'tick' | 'focus'>,
  before: () => Promise<void> = async () => {},
): void {
  // Events are handled one after another in the order they came: a window focused and then
  // left must not end focused because looking up its tab took longer.
  let queue: Promise<void> = Promise.resolve();
  const run = (what: string, work: () => Promise<unknown>) => {
    queue = queue
      .then(before)
      .then(work)
      .then(
        () => undefined,
        (error: unknown) => console.warn(`Hearth: page tracking (${what}) failed`, error),
      );
  };

  // The alarm persists across worker stops; create it only when missing, so a wake does not
  // push its next firing back.
  run('alarm', async () => {
    if (!(await sources.alarms.get(PAGE_ALARM)))
      sources.alarms.create(PAGE_ALARM, {
        periodInMinutes: PAGE_ALARM_MINUTES,
        delayInMinutes: PAGE_ALARM_MINUTES,
      });
  });
  sources.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PAGE_ALARM) run('tick', () => pages.tick());
  });
  sources.tabs.onActivated.addListener(({ tabId }) => run('tab', () => pages.focus(tabId)));
  const windows = sources.windows;
  windows?.onFocusChanged.addListener((windowId) =>
    run('window', async () =>
      pages.focus(
        windowId === windows.WINDOW_ID_NONE ? null : ((await sources.activeTabIn(windowId)) ?? null),
      ),
    ),
  );
}
