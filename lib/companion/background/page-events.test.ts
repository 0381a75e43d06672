import { describe, expect, it } from 'vitest';
import { PAGE_ALARM, wirePageEvents, type PageEventSources } from './page-events';

/** Browser events as a test fires them: the edge is fake, the wiring real. */
function sources(existingAlarm = false) {
  const listeners: Record<string, ((arg: never) => void)[]> = { alarm: [], tab: [], window: [] };
  const created: unknown[] = [];
  const src: PageEventSources = {
    alarms: {
      create: (name, info) => created.push({ name, ...info }),
      get: async () => (existingAlarm ? { name: PAGE_ALARM } : undefined),
      onAlarm: { addListener: (l) => listeners.alarm!.push(l as never) },
    },
    tabs: { onActivated: { addListener: (l) => listeners.tab!.push(l as never) } },
    windows: {
      WINDOW_ID_NONE: -1,
      onFocusChanged: { addListener: (l) => listeners.window!.push(l as never) },
    },
    activeTabIn: async (windowId) => (windowId === 3 ? 33 : undefined),
  };
  const fire = (kind: string, arg: unknown) => listeners[kind]!.forEach((l) => l(arg as never));
  return { src, created, fire };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('page tracking events', () => {
  it('creates the 30 s alarm once, ticks on it, and follows tab and window focus', async () => {
    const calls: unknown[] = [];
    const pages = {
      tick: async () => void calls.push('tick') as never,
      focus: async (tabId: number | null) => void calls.push(['focus', tabId]),
    };
    const { src, created, fire } = sources();
    wirePageEvents(src, pages as never);
    await settle();
    expect(created).toEqual([{ name: PAGE_ALARM, periodInMinutes: 0.5, delayInMinutes: 0.5 }]);
    fire('alarm', { name: 'other' });
    fire('alarm', { name: PAGE_ALARM });
    fire('tab', { tabId: 5, windowId: 1 });
    fire('window', 3);
    fire('window', -1);
    await settle();
    await settle();
    expect(calls).toEqual(['tick', ['focus', 5], ['focus', 33], ['focus', null]]);

    const again = sources(true);
    wirePageEvents(again.src, pages as never);
    await settle();
    expect(again.created).toEqual([]);
  });
});
