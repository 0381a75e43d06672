import {
  chromium,
  expect,
  test as base,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Worker,
} from '@playwright/test';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WxtBrowser } from 'wxt/browser';
import {
  startScriptedLlmServer,
  type ScriptedLlmServer,
  type ScriptedLlmServerOptions,
} from '../support/scripted-llm-server';
import { startScriptedMediaServer, type ScriptedMediaServer } from '../support/scripted-media-server';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built extension that every test loads (`npx wxt build` writes it). */
export const EXTENSION_PATH = process.env.HEARTH_EXTENSION_PATH ?? path.join(ROOT, '.output', 'chrome-mv3');
/** Where {@link screenshot} saves its pictures. */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

/** The extension APIs, typed, for code passed to `page.evaluate` / `worker.evaluate`. */
export type ChromeApi = WxtBrowser;

const CHROMIUM_CANDIDATES = [
  // Debian's real binary: skips the /usr/bin/chromium wrapper, which adds flags of its own
  // (among them an empty --load-extension=) and prints noise.
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
// Last resort: branded Google Chrome ignores --load-extension from version 137 on, so it
// only works here if it is older (or a Chrome for Testing build).
const CHROME_CANDIDATES = [
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * The browser binary to drive: $HEARTH_CHROMIUM or $CHROMIUM_PATH, then an installed
 * Chromium, then Playwright's own Chromium (`undefined`: Playwright picks it), then Chrome.
 * Playwright cannot download a browser on every machine, so an installed one comes first.
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.HEARTH_CHROMIUM || process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const installed = CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
  if (installed) return installed;
  if (fs.existsSync(chromium.executablePath())) return undefined;
  const chrome = CHROME_CANDIDATES.find((p) => fs.existsSync(p));
  if (chrome) return chrome;
  throw new Error(
    `No Chromium found (tried $HEARTH_CHROMIUM, $CHROMIUM_PATH, ${[...CHROMIUM_CANDIDATES, chromium.executablePath(), ...CHROME_CANDIDATES].join(', ')}). ` +
      'Install one (Debian: `apt-get install -y chromium`; elsewhere `npx playwright install chromium`) or set HEARTH_CHROMIUM.',
  );
}

/** How {@link launchExtension} starts the browser. */
export interface LaunchOptions {
  /** Pass --enable-unsafe-webgpu: `navigator.gpu.requestAdapter()` then returns SwiftShader's software adapter instead of `null`. */
  webgpu?: boolean;
  /** The unpacked extension to load; defaults to {@link EXTENSION_PATH}. */
  extensionPath?: string;
}

/** A running browser with Hearth loaded. */
export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
}

const extensionOrigin = (extensionId: string): string => `chrome-extension://${extensionId}/`;

/**
 * Launches headless Chromium on `userDataDir` with the extension loaded and waits for its
 * service worker, whose URL gives the extension id. Relaunching on the same directory keeps
 * the profile: storage, IndexedDB, granted permissions.
 */
export async function launchExtension(
  userDataDir: string,
  options: LaunchOptions = {},
): Promise<LaunchedExtension> {
  const extensionPath = options.extensionPath ?? EXTENSION_PATH;
  if (!fs.existsSync(path.join(extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionPath}: run \`npx wxt build\` first.`);
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumExecutable(),
    headless: true,
    args: [
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      ...(options.webgpu ? ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'] : []),
    ],
  });
  try {
    const worker = await findExtensionWorker(context);
    return { context, extensionId: new URL(worker.url()).host };
  } catch (error) {
    await context.close();
    throw error;
  }
}

async function findExtensionWorker(context: BrowserContext, extensionId?: string): Promise<Worker> {
  const matches = (w: Worker): boolean =>
    extensionId
      ? w.url().startsWith(extensionOrigin(extensionId))
      : w.url().startsWith('chrome-extension://');
  // Checked and subscribed in the same tick: no event can slip between the two.
  return (
    context.serviceWorkers().find(matches) ??
    (await context.waitForEvent('serviceworker', { predicate: matches, timeout: 15_000 }))
  );
}

/**
 * Playwright's handle on the extension's service worker. Chromium keeps one DevTools target
 * per worker version, so the same handle serves again after a stop and a wake: Playwright
 * fires no 'close' or 'serviceworker' event for either, and `serviceWorkers()` keeps
 * listing it while it is stopped (an `evaluate` then waits until something wakes it).
 * Ask {@link serviceWorkerStatus} whether it runs.
 */
export function getServiceWorker(context: BrowserContext, extensionId: string): Promise<Worker> {
  return findExtensionWorker(context, extensionId);
}

/** Opens the side panel's page in a tab (the real panel needs a user gesture). */
export async function openSidePanel(context: BrowserContext, extensionId: string): Promise<Page> {
  return openExtensionPage(context, extensionId, 'sidepanel.html');
}

/** Opens the options page in a tab. */
export async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  return openExtensionPage(context, extensionId, 'options.html');
}

async function openExtensionPage(context: BrowserContext, extensionId: string, file: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(extensionOrigin(extensionId) + file);
  return page;
}

/** A service worker version's state, as the DevTools ServiceWorker domain reports it. */
export type WorkerRunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

interface VersionState {
  versionId: string;
  runningStatus: WorkerRunningStatus;
  status: string;
}

/**
 * Runs `fn` with the ServiceWorker CDP domain enabled and the extension worker's latest
 * version state kept up to date. The domain only exists on page targets (the browser
 * session answers "'ServiceWorker.enable' wasn't found"), so this borrows an open page, or
 * opens about:blank for the duration.
 */
async function withWorkerState<T>(
  context: BrowserContext,
  extensionId: string,
  fn: (cdp: CDPSession, current: () => VersionState | undefined) => Promise<T>,
): Promise<T> {
  const borrowed = context.pages()[0];
  const page = borrowed ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  const versions = new Map<string, VersionState>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
    for (const v of updated) {
      if (!v.scriptURL.startsWith(extensionOrigin(extensionId))) continue;
      versions.set(v.versionId, { versionId: v.versionId, runningStatus: v.runningStatus, status: v.status });
    }
  });
  // The newest version that is not being replaced is the one that handles events.
  const current = (): VersionState | undefined =>
    [...versions.values()]
      .filter((v) => v.status !== 'redundant')
      .sort((a, b) => Number(b.versionId) - Number(a.versionId))[0];
  try {
    await cdp.send('ServiceWorker.enable'); // replays the current state as events
    await waitUntil(() => current() !== undefined, 5_000, `a service worker for ${extensionId}`);
    return await fn(cdp, current);
  } finally {
    await cdp.detach().catch(() => undefined);
    if (!borrowed) await page.close();
  }
}

async function waitUntil(condition: () => boolean, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether the extension's service worker is running right now. */
export async function serviceWorkerStatus(
  context: BrowserContext,
  extensionId: string,
): Promise<WorkerRunningStatus> {
  return withWorkerState(context, extensionId, async (_cdp, current) => current()!.runningStatus);
}

/** Waits until the extension's service worker reaches `status` (e.g. 'running' after a wake). */
export async function waitForServiceWorkerStatus(
  context: BrowserContext,
  extensionId: string,
  status: WorkerRunningStatus,
  { timeout = 10_000 }: { timeout?: number } = {},
): Promise<void> {
  await withWorkerState(context, extensionId, (_cdp, current) =>
    waitUntil(() => current()?.runningStatus === status, timeout, `the service worker to be ${status}`),
  );
}

/**
 * Stops the extension's MV3 service worker the way Chrome does after 30 s idle, and
 * returns once DevTools reports it stopped (CDP `ServiceWorker.stopWorker` on its version).
 * Its in-memory state is gone; the next event (a message, an alarm) starts a new instance.
 */
export async function stopServiceWorker(
  context: BrowserContext,
  extensionId: string,
  { timeout = 10_000 }: { timeout?: number } = {},
): Promise<void> {
  await withWorkerState(context, extensionId, async (cdp, current) => {
    const version = current()!;
    // Something may wake the worker again the moment it stops (a page announcing a commit, e.g.
    // the memories written after a reply, kicks webhook delivery): the stop still happened, so
    // any 'stopped' report of this version after the command counts, not only the latest state.
    let stopped = version.runningStatus === 'stopped';
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.versionId === version.versionId && v.runningStatus === 'stopped'))
        stopped = true;
    });
    if (!stopped) await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
    await waitUntil(() => stopped, timeout, 'the service worker to stop');
  });
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fixtures on top of Playwright's: `context` is a persistent context with Hearth loaded. */
export interface HearthFixtures {
  /** Option: launch with WebGPU (SwiftShader software adapter). `test.use({ webgpu: true })`. */
  webgpu: boolean;
  /** A fresh temporary profile directory per test, removed afterwards. */
  userDataDir: string;
  /** The extension's id (from its service worker's URL). */
  extensionId: string;
  /**
   * Closes the browser and launches it again on the same profile. Returns the new context and
   * id; the `context` fixture still points at the closed one, so use the returned context.
   */
  restartBrowser: () => Promise<LaunchedExtension>;
  /** The browser currently running for this test (replaced by restartBrowser). */
  launched: { current: LaunchedExtension };
  /** Option: how the scripted endpoint starts (its models). `test.use({ llmOptions: … })`. */
  llmOptions: ScriptedLlmServerOptions;
  /** A scripted OpenAI-compatible endpoint on 127.0.0.1, started for the test that asks for it. */
  llm: ScriptedLlmServer;
  /** A scripted speech, transcription and image server (A1111 and OpenAI routes) on 127.0.0.1. */
  media: ScriptedMediaServer;
}

/** Playwright's `test` with Hearth's fixtures. */
export const test = base.extend<HearthFixtures>({
  webgpu: [false, { option: true }],
  llmOptions: [{}, { option: true }],
  llm: async ({ llmOptions }, use) => {
    const server = await startScriptedLlmServer(llmOptions);
    await use(server);
    await server.close();
  },
  // eslint-disable-next-line no-empty-pattern
  media: async ({}, use) => {
    const server = await startScriptedMediaServer();
    await use(server);
    await server.close();
  },
  // eslint-disable-next-line no-empty-pattern
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  launched: async ({ userDataDir, webgpu }, use) => {
    const launched = { current: await launchExtension(userDataDir, { webgpu }) };
    await use(launched);
    await launched.current.context.close();
  },
  context: async ({ launched }, use) => {
    await use(launched.current.context);
  },
  // A persistent context opens with one blank tab: use it rather than adding another.
  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },
  extensionId: async ({ launched }, use) => {
    await use(launched.current.extensionId);
  },
  restartBrowser: async ({ launched, userDataDir, webgpu }, use) => {
    await use(async () => {
      await launched.current.context.close();
      launched.current = await launchExtension(userDataDir, { webgpu });
      return launched.current;
    });
  },
});

export { expect };
