import {
  expect,
  getServiceWorker,
  openOptions,
  openSidePanel,
  screenshot,
  serviceWorkerStatus,
  stopServiceWorker,
  test,
  waitForServiceWorkerStatus,
  type ChromeApi,
} from './fixtures';

// Only what exists in every build: the extension loads, its pages open, its worker can be
// stopped, the profile survives a restart. Feature specs live in their own files.

test('the extension loads and registers its service worker', async ({ context, extensionId }) => {
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  const worker = await getServiceWorker(context, extensionId);
  expect(worker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
  await waitForServiceWorkerStatus(context, extensionId, 'running');
});

test('the side panel page opens', async ({ context, extensionId }) => {
  const page = await openSidePanel(context, extensionId);
  await expect(page).toHaveTitle(/Hearth/);
  await page.setViewportSize({ width: 400, height: 800 }); // about a side panel's size
  await screenshot(page, 'sidepanel');
});

test('the options page opens', async ({ context, extensionId }) => {
  const page = await openOptions(context, extensionId);
  await expect(page).toHaveTitle(/Hearth/);
  await screenshot(page, 'options');
});

test('the service worker really stops, and a message starts a new instance', async ({
  context,
  extensionId,
}) => {
  const worker = await getServiceWorker(context, extensionId);
  const firstStart = await worker.evaluate(() => performance.timeOrigin);
  const panel = await openSidePanel(context, extensionId);

  await stopServiceWorker(context, extensionId);
  expect(await serviceWorkerStatus(context, extensionId)).toBe('stopped');
  // Chromium drops a stopped worker's DevTools target.
  const cdp = await context.newCDPSession(panel);
  const { targetInfos } = await cdp.send('Target.getTargets');
  expect(targetInfos.filter((t) => t.type === 'service_worker' && t.url.includes(extensionId))).toEqual([]);
  await cdp.detach();

  // Any message wakes it, whether or not a listener answers.
  await panel.evaluate(() =>
    (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime
      .sendMessage({ type: 'e2e-wake' })
      .catch(() => undefined),
  );
  await waitForServiceWorkerStatus(context, extensionId, 'running');
  // A new instance has a new time origin; the Playwright handle is the same one.
  expect(await worker.evaluate(() => performance.timeOrigin)).toBeGreaterThan(firstStart);
});

test('the profile survives a browser restart', async ({ context, extensionId, restartBrowser }) => {
  const page = await openOptions(context, extensionId);
  await page.evaluate(() =>
    (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.set({ e2eMarker: 'kept' }),
  );

  const restarted = await restartBrowser();
  expect(restarted.extensionId).toBe(extensionId);
  const again = await openOptions(restarted.context, restarted.extensionId);
  const stored = await again.evaluate(() =>
    (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.get('e2eMarker'),
  );
  expect(stored).toEqual({ e2eMarker: 'kept' });
});

test.describe('without WebGPU', () => {
  test('the side panel sees no adapter', async ({ context, extensionId }) => {
    const page = await openSidePanel(context, extensionId);
    expect(await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) ?? null)).toBeNull();
  });
});

test.describe('with WebGPU', () => {
  test.use({ webgpu: true });

  test('the side panel gets the software fallback adapter', async ({ context, extensionId }) => {
    const page = await openSidePanel(context, extensionId);
    const adapter = await page.evaluate(async () => {
      const found = await navigator.gpu?.requestAdapter();
      return found ? { architecture: found.info.architecture, fallback: found.info.isFallbackAdapter } : null;
    });
    expect(adapter).toEqual({ architecture: 'swiftshader', fallback: true });
  });
});
