/**
 * Driving Hearth's Firefox build with Debian's firefox-esr over WebDriver BiDi (puppeteer-core;
 * Playwright cannot drive Firefox ESR). What makes it work, from ../shared/TESTING.md:
 * - the pref `extensions.webextensions.uuids` fixes the add-on's moz-extension:// origin in
 *   advance, so a relaunched Firefox gives the reinstalled temporary add-on the same origin
 *   (and so the same IndexedDB and storage);
 * - `--remote-allow-system-access`, without which navigating to extension pages is refused;
 * - BiDi reports no load events for extension pages (Mozilla bug 1755014): navigate without
 *   waiting and poll for the page's own ready marker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Firefox build the tests load (`HEARTH_E2E=1 wxt build -b firefox --mv3` writes it). */
export const FIREFOX_EXTENSION =
  process.env.HEARTH_FIREFOX_EXTENSION ?? path.join(ROOT, '.output', 'firefox-mv3');
/** The add-on id in the Firefox manifest (wxt.config.ts). */
export const GECKO_ID = 'hearth@hearth.local';

const FIREFOX_CANDIDATES = ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** The Firefox binary: $HEARTH_FIREFOX, else Debian's firefox-esr. */
export function firefoxPath(): string {
  const chosen = process.env.HEARTH_FIREFOX ?? FIREFOX_CANDIDATES.find((file) => fs.existsSync(file));
  if (!chosen || !fs.existsSync(chosen)) {
    throw new Error(
      `No Firefox found (tried ${process.env.HEARTH_FIREFOX ?? FIREFOX_CANDIDATES.join(', ')}). ` +
        'Install firefox-esr (apt-get install firefox-esr) or set HEARTH_FIREFOX.',
    );
  }
  return chosen;
}

/** A running Firefox with Hearth installed as a temporary add-on at moz-extension://<uuid>/. */
export interface HearthFirefox {
  browser: Browser;
  /** e.g. `moz-extension://<uuid>/` */
  origin: string;
  close(): Promise<void>;
}

/** Launches Firefox on `profileDir` and installs the build; the same uuid gives the same origin. */
export async function launchHearthFirefox(profileDir: string, uuid: string): Promise<HearthFirefox> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    headless: true,
    executablePath: firefoxPath(),
    userDataDir: profileDir,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // Console messages of extension pages go to Firefox's stdout (seen with HEARTH_FIREFOX_DEBUG=1).
      'devtools.console.stdout.content': true,
    },
    dumpio: process.env.HEARTH_FIREFOX_DEBUG === '1',
  });
  try {
    const id = await browser.installExtension(FIREFOX_EXTENSION);
    if (id !== GECKO_ID) throw new Error(`Installed add-on ${id}, expected ${GECKO_ID}.`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { browser, origin: `moz-extension://${uuid}/`, close: () => browser.close() };
}

/** Polls `check` in the page until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitInPage<T>(
  page: Page,
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await page.evaluate(check);
      if (value) return value as T;
      last = value;
    } catch (error) {
      last = error; // the page is still navigating
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Opens one of Hearth's pages (e.g. 'sidepanel.html') as a tab and waits for its `data-ready` marker. */
export async function openExtensionPage(firefox: HearthFirefox, file: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  const url = new URL(file, firefox.origin).href;
  // Not page.goto(): it waits for a load event BiDi never sends for extension pages.
  const context = (page.mainFrame() as unknown as { browsingContext: BrowsingContextLike }).browsingContext;
  await context.navigate(url, 'none');
  await waitInPage(
    page,
    () => document.getElementById('app')?.getAttribute('data-ready') === 'true',
    `${file} to be ready`,
  );
  return page;
}

/** puppeteer-core's BiDi browsing context, as far as navigation without waiting goes. */
interface BrowsingContextLike {
  navigate(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<void>;
}

/** The element matching `selector`, waiting for it to appear. */
export async function element(page: Page, selector: string, timeoutMs = 20_000): Promise<ElementHandle> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const handle = await page.$(selector).catch(() => null);
    if (handle) return handle;
    if (Date.now() > deadline) {
      const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      throw new Error(`No element "${selector}" on the page. It shows:\n${text.slice(0, 1500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
