import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import {
  expect,
  getServiceWorker,
  openSidePanel,
  stopServiceWorker,
  test,
  waitForServiceWorkerStatus,
  type ChromeApi,
} from './fixtures';
import { contentScriptWorld } from './content-world';

// Page reports in the real browser: none lost while the worker is stopped, none lost when
// tabs report at once, and none accepted for a page the sender does not show.

let site: http.Server;
let origin: string;
test.beforeEach(async () => {
  site = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    const name = decodeURIComponent(req.url!.slice(1)) || 'home';
    res.end(`<!doctype html><title>Page ${name}</title><p id="t">Text of ${name}.</p>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
test.afterEach(() => {
  site.close();
});

type Current = { ok: boolean; value: { title: string; selection: string; url: string } | null };

/** Asks the background, as the panel does, what a tab shows. */
function currentOf(panel: Page, tabId: number): Promise<Current> {
  return panel.evaluate(
    (id) =>
      (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
        hearth: 1,
        type: 'page/current',
        payload: { tabId: id },
      }),
    tabId,
  ) as Promise<Current>;
}

async function tabIdOf(context: BrowserContext, extensionId: string, tab: Page): Promise<number> {
  const worker = await getServiceWorker(context, extensionId);
  return worker.evaluate(async (url) => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    return (await chrome.tabs.query({ url }))[0]!.id!;
  }, tab.url());
}

/** Sends CDP `ServiceWorker.stopWorker` for the extension's worker and returns at once. */
async function stopWorkerNow(context: BrowserContext, extensionId: string, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  let versionId = '';
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions)
      if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.status !== 'redundant')
        versionId = v.versionId;
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => versionId).not.toBe('');
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await cdp.detach();
}

function selectText(tab: Page): Promise<void> {
  return tab.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('t')!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  });
}

test('Hearth asks for no `tabs` permission', async ({ context, extensionId }) => {
  const worker = await getServiceWorker(context, extensionId);
  const permissions = await worker.evaluate(
    () => (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.getManifest().permissions ?? [],
  );
  expect(permissions).toContain('activeTab');
  expect(permissions).not.toContain('tabs');
});

test('a report made while the worker is stopped is kept', async ({ context, extensionId }) => {
  const panel = await openSidePanel(context, extensionId);
  const tab = await context.newPage();
  await tab.goto(`${origin}/otters`);
  await contentScriptWorld(context, extensionId, tab);
  const tabId = await tabIdOf(context, extensionId, tab);
  await expect.poll(async () => (await currentOf(panel, tabId)).value?.title).toBe('Page otters');

  for (let round = 1; round <= 3; round++) {
    await stopServiceWorker(context, extensionId);
    // The selection is reported (debounced) to a stopped worker: the message wakes it.
    await tab.evaluate((n) => {
      document.getElementById('t')!.textContent = `Round ${n} text.`;
    }, round);
    await selectText(tab);
    await waitForServiceWorkerStatus(context, extensionId, 'running');
    await expect
      .poll(async () => (await currentOf(panel, tabId)).value?.selection)
      .toBe(`Round ${round} text.`);
  }
});

test('a report in flight when the worker is stopped is sent again and kept', async ({
  context,
  extensionId,
}) => {
  const panel = await openSidePanel(context, extensionId);
  const tab = await context.newPage();
  await tab.goto(`${origin}/busy`);
  await contentScriptWorld(context, extensionId, tab);
  const tabId = await tabIdOf(context, extensionId, tab);
  await expect.poll(async () => (await currentOf(panel, tabId)).value?.title).toBe('Page busy');

  // The worker is kept busy so that the report (sent 600 ms after the selection) waits in
  // its queue, then the worker is stopped under it, as Chrome stops an idle worker: the
  // content script's message fails ("Receiving end does not exist" or "message channel
  // closed"). Its one retry wakes a new worker.
  const worker = await getServiceWorker(context, extensionId);
  const busy = worker
    .evaluate(() => {
      const end = Date.now() + 2500;
      while (Date.now() < end);
    })
    .catch(() => undefined);
  await tab.evaluate(() => (document.getElementById('t')!.textContent = 'Sent to a dying worker.'));
  await selectText(tab);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  // Not stopServiceWorker(): it waits to see the worker stopped, and the retry may wake a
  // new one before that is seen.
  await stopWorkerNow(context, extensionId, tab);
  await busy;
  await expect
    .poll(async () => (await currentOf(panel, tabId)).value?.selection)
    .toBe('Sent to a dying worker.');
});

test('three tabs reporting at the same moment are all kept, round after round', async ({
  context,
  extensionId,
}) => {
  const panel = await openSidePanel(context, extensionId);
  const tabs = await Promise.all(['a', 'b', 'c'].map(() => context.newPage()));
  await Promise.all(tabs.map((tab, i) => tab.goto(`${origin}/${'abc'[i]}`)));
  const ids = await Promise.all(tabs.map((tab) => tabIdOf(context, extensionId, tab)));
  // Injected at once: each content script reports on arrival.
  const worker = await getServiceWorker(context, extensionId);
  await worker.evaluate(
    (tabIds) =>
      Promise.all(
        tabIds.map((tabId) =>
          (globalThis as unknown as { chrome: ChromeApi }).chrome.scripting.executeScript({
            target: { tabId },
            files: ['/content-scripts/page.js'],
          }),
        ),
      ),
    ids,
  );
  await expect
    .poll(async () => Promise.all(ids.map(async (id) => (await currentOf(panel, id)).value?.title)))
    .toEqual(['Page a', 'Page b', 'Page c']);

  for (let round = 1; round <= 3; round++) {
    await Promise.all(
      tabs.map(async (tab, i) => {
        await tab.evaluate(
          (text) => (document.getElementById('t')!.textContent = text),
          `${'abc'[i]}${round}`,
        );
        await selectText(tab);
      }),
    );
    await expect
      .poll(async () => Promise.all(ids.map(async (id) => (await currentOf(panel, id)).value?.selection)))
      .toEqual([`a${round}`, `b${round}`, `c${round}`]);
  }
  const status = await panel.evaluate(() =>
    (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
      hearth: 1,
      type: 'background/status',
      payload: {},
    }),
  );
  expect(status).toMatchObject({ ok: true, value: { trackedTabs: 3 } });
});

test('a content script cannot report another origin’s page or a javascript: address', async ({
  context,
  extensionId,
}) => {
  const panel = await openSidePanel(context, extensionId);
  const tab = await context.newPage();
  await tab.goto(`${origin}/mine`);
  const inContentScript = await contentScriptWorld(context, extensionId, tab);
  const tabId = await tabIdOf(context, extensionId, tab);
  await expect.poll(async () => (await currentOf(panel, tabId)).value?.title).toBe('Page mine');

  // Sent from the content script's own world, the only one that can reach the background.
  const send = (payload: Record<string, unknown>) =>
    inContentScript<{ ok: boolean; error?: { code: string; message: string } }>(
      `chrome.runtime.sendMessage(${JSON.stringify({ hearth: 1, type: 'page/report', payload })})`,
    );
  const javascript = await send({ url: 'javascript:alert(document.cookie)', title: 'x' });
  expect(javascript).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  expect(javascript.error!.message).toMatch(/http\(s\)/);

  const elsewhere = await send({ url: 'https://bank.example/account', title: 'Your bank' });
  expect(elsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(elsewhere.error!.message).toContain('https://bank.example');
  expect(elsewhere.error!.message).toContain(origin);

  const otherPage = await send({ url: `${origin}/someone-else`, title: 'Other' });
  expect(otherPage).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  // Nothing of it was stored: the tab still shows its own page.
  expect((await currentOf(panel, tabId)).value).toMatchObject({ url: `${origin}/mine`, title: 'Page mine' });
  // Its own page is still accepted from the same world.
  expect(await send({ url: `${origin}/mine#top`, title: 'Page mine, again' })).toEqual({
    ok: true,
    value: { accepted: true },
  });
});
