import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  expect,
  getServiceWorker,
  openSidePanel,
  stopServiceWorker,
  test,
  waitForServiceWorkerStatus,
  type ChromeApi,
} from './fixtures';

// The content script as the keyboard command injects it (activeTab): here the test build's
// loopback host access stands in for the person's gesture, and the test injects the same file.
test('the content script reports its own tab to the background, which keeps it across a worker stop', async ({
  context,
  extensionId,
}) => {
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(
      '<!doctype html><title>Otters at play</title><p id="t">Sea otters hold hands while they sleep.</p>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/otters`;
  try {
    const panel = await openSidePanel(context, extensionId);
    const tab = await context.newPage();
    await tab.goto(url);
    const worker = await getServiceWorker(context, extensionId);
    const tabId = await worker.evaluate(async (pageUrl) => {
      const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      const [found] = await chrome.tabs.query({ url: pageUrl });
      await chrome.scripting.executeScript({
        target: { tabId: found!.id! },
        files: ['/content-scripts/page.js'],
      });
      return found!.id!;
    }, url);

    const current = () =>
      panel.evaluate(
        (id) =>
          (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
            hearth: 1,
            type: 'page/current',
            payload: { tabId: id },
          }),
        tabId,
      );
    await expect
      .poll(async () => ((await current()) as { value: { title?: string } | null }).value?.title)
      .toBe('Otters at play');

    // A selection is reported too (debounced).
    await tab.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('t')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await expect
      .poll(async () => ((await current()) as { value: { selection?: string } | null }).value?.selection)
      .toBe('Sea otters hold hands while they sleep.');

    await stopServiceWorker(context, extensionId);
    const afterWake = (await current()) as { ok: boolean; value: { url: string; tabId: number } };
    await waitForServiceWorkerStatus(context, extensionId, 'running');
    expect(afterWake).toMatchObject({ ok: true, value: { url, tabId } });

    // A page cannot speak through the protocol for another tab: its only channel is its own.
    const forged = await tab.evaluate(
      () =>
        typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
          ?.sendMessage,
    );
    expect(forged).toBe('undefined');

    await tab.close();
    await expect.poll(async () => ((await current()) as { value: unknown }).value).toBeNull();
  } finally {
    server.close();
  }
});
