import { describe, expect, it } from 'vitest';
import { createBackgroundService, type BackgroundDeps } from './handlers';
import { createRouter, type SenderInfo } from '../../messaging/router';
import type { Change } from '../../messaging/changes';
import { memoryArea } from './fakes';

const identity = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const panel: SenderInfo = { id: 'ext-id', url: 'chrome-extension://ext-id/sidepanel.html' };
const contentIn = (tabId: number, url: string, frameId = 0): SenderInfo => ({
  id: 'ext-id',
  url,
  frameId,
  tab: { id: tabId },
});
const report = (url: string, title = 'T', selection = '') => ({
  hearth: 1,
  type: 'page/report',
  payload: { url, title, selection },
});

/** The background as the browser runs it, with fakes only for the browser's own APIs. */
function background(overrides: Partial<BackgroundDeps> = {}) {
  const session = memoryArea();
  const local = memoryArea();
  const published: Change[] = [];
  const openTabs = new Map<number, { incognito: boolean }>([
    [1, { incognito: false }],
    [2, { incognito: false }],
    [3, { incognito: false }],
    [9, { incognito: true }],
  ]);
  let t = 1_000;
  const deps: BackgroundDeps = {
    session,
    local,
    tabs: {
      get: async (id) => openTabs.get(id) ?? null,
      activeTabId: async () => 2,
    },
    changes: { publish: (change) => published.push(change) },
    now: () => t++,
    version: '1.2.3',
    ...overrides,
  };
  const service = createBackgroundService(deps);
  const route = createRouter(service.handlers, identity);
  return { service, route, session, local, published, openTabs, deps };
}

describe('background handlers', () => {
  it('keeps a tab’s report and gives it back to the panel, by tab id and as the active tab', async () => {
    const bg = background();
    expect(await bg.route(report('https://b.test/p#x', 'B', 'hi'), contentIn(2, 'https://b.test/p'))).toEqual(
      {
        ok: true,
        value: { accepted: true },
      },
    );
    expect(bg.published).toEqual([{ topic: 'page', ids: ['2'] }]);
    const byId = await bg.route({ hearth: 1, type: 'page/current', payload: { tabId: 2 } }, panel);
    expect(byId).toMatchObject({
      ok: true,
      value: { tabId: 2, url: 'https://b.test/p#x', title: 'B', selection: 'hi' },
    });
    expect(await bg.route({ hearth: 1, type: 'page/current', payload: {} }, panel)).toEqual(byId);
    expect(await bg.route({ hearth: 1, type: 'page/current', payload: { tabId: 3 } }, panel)).toEqual({
      ok: true,
      value: null,
    });
  });

  it('keeps every tab when three tabs report at the same moment', async () => {
    const bg = background();
    const results = await Promise.all(
      [1, 2, 3].map((tab) =>
        bg.route(report(`https://t${tab}.test/`), contentIn(tab, `https://t${tab}.test/`)),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(Object.keys(bg.session.data.pageContexts as object).sort()).toEqual(['1', '2', '3']);
    const status = await bg.route({ hearth: 1, type: 'background/status', payload: {} }, panel);
    expect(status).toMatchObject({ ok: true, value: { trackedTabs: 3 } });
  });

  it.each([
    [
      'a javascript: address',
      report('javascript:alert(1)'),
      contentIn(1, 'https://a.test/'),
      'bad-request',
      /http\(s\)/,
    ],
    [
      'a data: address',
      report('data:text/html,x'),
      contentIn(1, 'https://a.test/'),
      'bad-request',
      /http\(s\)/,
    ],
    [
      'another origin’s page',
      report('https://bank.test/account'),
      contentIn(1, 'https://a.test/'),
      'forbidden',
      /bank\.test.*sent from https:\/\/a\.test/,
    ],
    [
      'another page of its origin',
      report('https://a.test/b'),
      contentIn(1, 'https://a.test/a'),
      'forbidden',
      /another page/,
    ],
    [
      'a frame inside the tab',
      report('https://ads.test/'),
      contentIn(1, 'https://ads.test/', 3),
      'forbidden',
      /frame/,
    ],
    [
      'a sender the browser gives no address for',
      report('https://a.test/'),
      { id: 'ext-id', tab: { id: 1 } },
      'forbidden',
      /did not say/,
    ],
    [
      'a content script with no tab',
      report('https://a.test/'),
      { id: 'ext-id', url: 'https://a.test/' },
      'forbidden',
      /not accepted from this sender/,
    ],
    [
      'another extension',
      report('https://a.test/'),
      { id: 'evil', url: 'https://a.test/', tab: { id: 1 } },
      'forbidden',
      /not accepted/,
    ],
    ['an extension page', report('https://a.test/'), panel, 'forbidden', /not accepted/],
    [
      'a tab speaking for another tab (a tabId in the payload)',
      { hearth: 1, type: 'page/report', payload: { url: 'https://a.test/', title: '', tabId: 2 } },
      contentIn(1, 'https://a.test/'),
      'bad-request',
      /tabId/,
    ],
    [
      'a content script asking what another tab shows',
      { hearth: 1, type: 'page/current', payload: { tabId: 2 } },
      contentIn(1, 'https://a.test/'),
      'forbidden',
      /not accepted/,
    ],
    [
      'a content script asking for the status',
      { hearth: 1, type: 'background/status', payload: {} },
      contentIn(1, 'https://a.test/'),
      'forbidden',
      /not accepted/,
    ],
  ])('refuses %s with a clear error and stores nothing', async (_name, raw, sender, code, message) => {
    const bg = background();
    const result = await bg.route(raw, sender);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).toMatch(message);
    expect(bg.session.data.pageContexts).toBeUndefined();
    expect(bg.published).toEqual([]);
  });

  it('never keeps a page from a private window or a closed tab', async () => {
    const bg = background();
    expect(await bg.route(report('https://a.test/'), contentIn(9, 'https://a.test/'))).toEqual({
      ok: true,
      value: { accepted: false },
    });
    expect(await bg.route(report('https://a.test/'), contentIn(42, 'https://a.test/'))).toEqual({
      ok: true,
      value: { accepted: false },
    });
    expect(bg.session.data.pageContexts).toBeUndefined();
  });

  it('counts each worker instance as a wake, across instances on the same storage', async () => {
    const first = background();
    const status = () => first.route({ hearth: 1, type: 'background/status', payload: {} }, panel);
    expect(await status()).toMatchObject({
      ok: true,
      value: { version: '1.2.3', wakeCount: 1, trackedTabs: 0 },
    });
    // A woken worker is a new instance on the same storage.
    const woken = createBackgroundService({ ...first.deps });
    const again = await createRouter(woken.handlers, identity)(
      { hearth: 1, type: 'background/status', payload: {} },
      panel,
    );
    expect(again).toMatchObject({ ok: true, value: { wakeCount: 2 } });
    expect(first.local.data['background.wakeCount']).toBe(2);
  });

  it('forgets a closed tab and says so', async () => {
    const bg = background();
    await bg.route(report('https://a.test/'), contentIn(1, 'https://a.test/'));
    await bg.route(report('https://b.test/'), contentIn(2, 'https://b.test/'));
    await bg.service.tabRemoved(1);
    expect(Object.keys(bg.session.data.pageContexts as object)).toEqual(['2']);
    expect(bg.published.at(-1)).toEqual({ topic: 'page', ids: ['1'] });
  });

  it('answers a failed write with an error result, and the next report still lands', async () => {
    const session = memoryArea();
    let fail = true;
    const flaky = {
      get: session.get,
      set: async (items: Record<string, unknown>) => {
        if (fail) throw new Error('QUOTA_BYTES quota exceeded');
        return session.set(items);
      },
    };
    const bg = background({ session: flaky });
    expect(await bg.route(report('https://a.test/'), contentIn(1, 'https://a.test/'))).toEqual({
      ok: false,
      error: { code: 'internal', message: 'QUOTA_BYTES quota exceeded' },
    });
    fail = false;
    expect(await bg.route(report('https://b.test/'), contentIn(2, 'https://b.test/'))).toMatchObject({
      ok: true,
    });
    expect(Object.keys(session.data.pageContexts as object)).toEqual(['2']);
  });
});
