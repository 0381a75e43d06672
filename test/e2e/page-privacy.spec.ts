import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import type { PageContext } from '../../lib/messaging/protocol';
import { expect, getServiceWorker, openSidePanel, test, type ChromeApi } from './fixtures';
import { hiddenTextPage, VISIBLE_INSTRUCTION } from './hidden-text-page';
import { openConnectedPanel } from './pages/panel';

// Page reading as a person meets it, on pages served from 127.0.0.1: "notice what I browse"
// on an allowed site (the reader registered, no injection by the test), a checkout page on
// that site never gets the script, a single-page app's navigation is followed, the pause
// stops reading, and a hostile page asked about reaches the scripted server only as quoted
// text, with its hidden instructions left out and nothing remembered or changed.

const ARTICLE = 'Sea otters hold hands while they sleep so that they do not drift apart on the tide.';
const SPA_TEXT = 'The second view of the app talks about kelp forests and the urchins otters eat.';
const CHECKOUT_TEXT = 'Card number and billing address for your order.';

function pages(hostile: () => string) {
  const routes: Record<string, () => string> = {
    '/article': () =>
      `<!doctype html><title>Otters</title><article><h1>Otters</h1>${`<p>${ARTICLE}</p>`.repeat(6)}</article>`,
    '/checkout': () => `<!doctype html><title>Checkout</title><p>${CHECKOUT_TEXT}</p>`,
    '/hostile': hostile,
    '/frame': () => '<!doctype html><p>frame</p>',
    '/spa':
      () => `<!doctype html><title>App</title><main id="app"><h1>Home</h1>${`<p>${ARTICLE}</p>`.repeat(4)}</main>
<button id="go">Next</button><script>
document.getElementById('go').onclick = () => {
  history.pushState({}, '', '/spa/two');
  document.title = 'App: kelp';
  document.getElementById('app').innerHTML = '<h1>Kelp</h1>' + '<p>${SPA_TEXT}</p>'.repeat(4);
};</script>`,
  };
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(route());
  });
  return {
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Changes the stored privacy settings as the options page saves them. */
async function setPrivacy(page: Page, patch: Record<string, unknown>): Promise<void> {
  await page.evaluate(async (p) => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const { settings } = (await chrome.storage.local.get('settings')) as {
      settings: { version: number; value: Record<string, unknown> };
    };
    const privacy = {
      paused: false,
      noticeBrowsing: false,
      rules: [],
      keepSummaries: false,
      keepDays: 7,
      ...(settings.value.privacy as object),
      ...p,
    };
    await chrome.storage.local.set({
      settings: { ...settings, value: { ...settings.value, privacy }, savedAt: Date.now() },
    });
  }, patch);
}

async function registeredMatches(context: BrowserContext, extensionId: string): Promise<string[]> {
  const worker = await getServiceWorker(context, extensionId);
  return worker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    return (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []);
  });
}

async function tabIdOf(context: BrowserContext, extensionId: string, url: string): Promise<number> {
  const worker = await getServiceWorker(context, extensionId);
  return worker.evaluate(async (u) => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    return (await chrome.tabs.query({ url: u }))[0]!.id!;
  }, url);
}

async function current(panel: Page, tabId: number): Promise<PageContext | null> {
  const reply = (await panel.evaluate(
    (id) =>
      (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
        hearth: 1,
        type: 'page/current',
        payload: { tabId: id },
      }),
    tabId,
  )) as { value: PageContext | null };
  return reply.value;
}

/** Opens `url` in a new tab and says whether an extension's isolated world was made in it. */
async function openWatching(
  context: BrowserContext,
  url: string,
): Promise<{ tab: Page; hearthWorld: () => boolean }> {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  const worlds: string[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
    if ((c.auxData as { type?: string } | undefined)?.type === 'isolated') worlds.push(c.name);
  });
  await cdp.send('Runtime.enable');
  await tab.goto(url);
  return { tab, hearthWorld: () => worlds.includes('Hearth') };
}

test('notice what I browse: allowed pages are read, checkout never gets the script, an SPA is followed, pause stops reading', async ({
  context,
  extensionId,
  llm,
}) => {
  const server = pages(() => '');
  const origin = await server.start();
  try {
    const panel = await openConnectedPanel(context, extensionId, llm);
    expect(await registeredMatches(context, extensionId)).toEqual([]);
    await setPrivacy(panel.page, { noticeBrowsing: true, rules: [{ host: '127.0.0.1', kind: 'allow' }] });
    await expect.poll(() => registeredMatches(context, extensionId)).toEqual(['http://127.0.0.1/*']);

    // An allowed page is read by itself: nothing injected by the test.
    const article = await openWatching(context, `${origin}/article`);
    const articleTab = await tabIdOf(context, extensionId, `${origin}/article`);
    await expect
      .poll(async () => (await current(panel.page, articleTab))?.article?.text ?? '')
      .toContain(ARTICLE);
    expect(article.hearthWorld()).toBe(true);
    const read = (await current(panel.page, articleTab))!.article!;
    expect(read.tokens).toBeGreaterThan(0);
    expect(read.injectionSuspected).toBe(false);

    // A checkout page on the same allowed site: the script is never there.
    const checkout = await openWatching(context, `${origin}/checkout`);
    await checkout.tab.waitForLoadState('load');
    await checkout.tab.waitForTimeout(1500); // lets a reader that should not be there run
    expect(checkout.hearthWorld()).toBe(false);
    expect(await current(panel.page, await tabIdOf(context, extensionId, `${origin}/checkout`))).toBeNull();

    // A single-page app: pushState to a new view is read again.
    const spa = await openWatching(context, `${origin}/spa`);
    const spaTab = await tabIdOf(context, extensionId, `${origin}/spa`);
    await expect.poll(async () => (await current(panel.page, spaTab))?.article?.url).toBe(`${origin}/spa`);
    await spa.tab.click('#go');
    await expect
      .poll(async () => (await current(panel.page, spaTab))?.article?.url)
      .toBe(`${origin}/spa/two`);
    expect((await current(panel.page, spaTab))!.article!.text).toContain(SPA_TEXT);
    expect((await current(panel.page, spaTab))!.article!.text).not.toContain(ARTICLE);

    // Pause from the panel: the reader is unregistered and what was read is dropped.
    await panel.page.getByRole('button', { name: 'Pause reading pages' }).click();
    await expect(panel.page.getByRole('button', { name: 'Resume reading pages' })).toBeVisible();
    await expect.poll(() => registeredMatches(context, extensionId)).toEqual([]);
    await expect.poll(async () => (await current(panel.page, articleTab))?.article).toBeUndefined();
    const paused = await openWatching(context, `${origin}/article?again`);
    await paused.tab.waitForTimeout(1500);
    expect(paused.hearthWorld()).toBe(false);
    expect(
      await current(panel.page, await tabIdOf(context, extensionId, `${origin}/article?again`)),
    ).toBeNull();
  } finally {
    await server.close();
  }
});

/** Whether any run of five consecutive words of `instruction` is in `text`. */
function leaks(text: string, instruction: string): boolean {
  const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const haystack = ` ${words(text).join(' ')} `;
  const needle = words(instruction);
  const span = Math.min(5, needle.length);
  for (let i = 0; i + span <= needle.length; i++) {
    if (haystack.includes(` ${needle.slice(i, i + span).join(' ')} `)) return true;
  }
  return false;
}

test('a hostile page asked about: hidden instructions never reach the server, the visible one only quoted, nothing remembered or changed', async ({
  context,
  extensionId,
  llm,
}) => {
  let hidden: Record<string, string> = {};
  let origin = '';
  const server = pages(() => {
    const page = hiddenTextPage(`${origin}/frame`);
    hidden = page.hidden;
    return page.html;
  });
  origin = await server.start();
  try {
    const panel = await openConnectedPanel(context, extensionId, llm);
    await setPrivacy(panel.page, { noticeBrowsing: true, rules: [{ host: '127.0.0.1', kind: 'allow' }] });
    await expect.poll(() => registeredMatches(context, extensionId)).toEqual(['http://127.0.0.1/*']);
    const tab = await context.newPage();
    await tab.goto(`${origin}/hostile`);
    const tabId = await tabIdOf(context, extensionId, `${origin}/hostile`);
    await expect.poll(async () => (await current(panel.page, tabId))?.article?.injectionSuspected).toBe(true);

    const settingsBefore = await panel.page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      return ((await chrome.storage.local.get('settings')) as { settings: { value: unknown } }).settings
        .value;
    });
    // What "Ask Hearth about this page" leaves for the panel (the command and context menu
    // need a person's gesture, which a headless test cannot make); the panel opens on it.
    const worker = await getServiceWorker(context, extensionId);
    await worker.evaluate(
      (id) =>
        (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.session.set({
          pageAsk: { tabId: id, kind: 'page', at: Date.now() },
        }),
      tabId,
    );
    await panel.page.reload();
    await panel.waitForEngine();
    await expect(panel.page.getByTestId('page-ask')).toContainText('Sea otters at rest');
    await expect(panel.page.getByTestId('injection-notice')).toContainText('give Hearth instructions');

    await panel.send('What is this page about?');
    await panel.waitForIdle();
    const [chat] = llm.chatRequests().slice(-1);
    const messages = (chat!.body as { messages: { role: string; content: string }[] }).messages;
    const prompt = messages.map((m) => m.content).join('\n');

    const leaked = Object.entries(hidden).filter(([, instruction]) => leaks(prompt, instruction));
    expect(leaked.map(([how]) => how)).toEqual([]);
    expect(Object.keys(hidden).length).toBeGreaterThanOrEqual(30);
    const lines = prompt.split('\n');
    const begin = lines.findIndex((l) => /^BEGIN UNTRUSTED PAGE [0-9a-f]{16}$/.test(l));
    expect(begin).toBeGreaterThan(0);
    const boundary = lines[begin]!.split(' ').at(-1)!;
    const end = lines.indexOf(`END UNTRUSTED PAGE ${boundary}`);
    const at = lines.flatMap((l, i) => (l.includes(VISIBLE_INSTRUCTION) ? [i] : []));
    expect(at.length).toBe(1);
    expect(at[0]).toBeGreaterThan(begin);
    expect(at[0]).toBeLessThan(end);
    expect(lines[at[0]!]!.startsWith('> ')).toBe(true);
    expect(prompt).toContain(ARTICLE.slice(0, 40));

    // Nothing the page said was remembered or changed a setting.
    await panel.page.waitForTimeout(1000);
    const after = await panel.page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      const settings = ((await chrome.storage.local.get('settings')) as { settings: { value: unknown } })
        .settings.value;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('hearth');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const memories = await new Promise<unknown[]>((resolve) => {
        const req = db.transaction('memories').objectStore('memories').getAll();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return { settings, memories: JSON.stringify(memories) };
    });
    expect(after.settings).toEqual(settingsBefore);
    expect(after.memories).not.toContain('otter needs a new password');
    for (const instruction of Object.values(hidden)) expect(leaks(after.memories, instruction)).toBe(false);

    // The panel's page request was used once: the next message goes without the page.
    await expect(panel.page.getByTestId('page-ask')).toHaveCount(0);
  } finally {
    await server.close();
  }
});

test('a page the user blocks with "Not here" is dropped and never read again', async ({
  context,
  extensionId,
  llm,
}) => {
  const server = pages(() => '');
  const origin = await server.start();
  try {
    const panel = await openConnectedPanel(context, extensionId, llm);
    const first = await openSidePanel(context, extensionId);
    await first.close();
    await setPrivacy(panel.page, { noticeBrowsing: true, rules: [{ host: '127.0.0.1', kind: 'allow' }] });
    await expect.poll(() => registeredMatches(context, extensionId)).toEqual(['http://127.0.0.1/*']);
    const tab = await context.newPage();
    await tab.goto(`${origin}/article`);
    const tabId = await tabIdOf(context, extensionId, `${origin}/article`);
    await expect.poll(async () => (await current(panel.page, tabId))?.article?.url).toBe(`${origin}/article`);
    await setPrivacy(panel.page, { rules: [{ host: '127.0.0.1', kind: 'block' }] });
    await expect.poll(() => registeredMatches(context, extensionId)).toEqual([]);
    await expect.poll(async () => (await current(panel.page, tabId))?.article).toBeUndefined();
    const again = await openWatching(context, `${origin}/article?later`);
    await again.tab.waitForTimeout(1500);
    expect(again.hearthWorld()).toBe(false);
  } finally {
    await server.close();
  }
});
