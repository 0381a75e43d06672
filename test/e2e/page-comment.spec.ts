import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import { CLOCK_OFFSET_KEY } from '../../lib/companion/background/e2e-edges';
import { COMMENT_LOG_KEY, TRACKING_KEY } from '../../lib/companion/background/page-comments';
import type { CommentLog } from '../../lib/page/comment-history';
import { COMMENT_NOTE } from '../../lib/page/comment-prompt';
import type { CommentSettings } from '../../lib/page/comment-settings';
import { expect, getServiceWorker, openSidePanel, test, type ChromeApi } from './fixtures';
import { openConnectedPanel } from './pages/panel';

// Page comments end to end (issue 8 §3–4): a page served from 127.0.0.1, the content script
// injected as the keyboard command injects it (the e2e build's loopback access stands in for
// the person's gesture), the background's clock moved forward instead of waiting minutes.

const TITLE = 'Sea otters hold hands while they sleep';
const COMMENT = 'Otters holding hands so they do not drift apart — that is lovely.';

async function servePage(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>${TITLE}</title><h1>${TITLE}</h1>` +
        '<p>Sea otters rest in groups called rafts and hold paws so that the current does not carry them apart.</p>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/otters`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Writes the `comments` settings section the way the options page does (the open panel follows live). */
async function setComments(panel: Page, patch: Partial<CommentSettings>) {
  await panel.evaluate(async (p) => {
    const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const { settings } = (await api.storage.local.get('settings')) as {
      settings: { version: number; value: Record<string, unknown>; savedAt?: number };
    };
    const comments = { ...(settings.value.comments as object), ...p };
    await api.storage.local.set({
      settings: { ...settings, value: { ...settings.value, comments }, savedAt: Date.now() },
    });
  }, patch);
}

const moveClock = (page: Page, ms: number) =>
  page.evaluate(
    ([key, offset]) =>
      (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.set({ [key]: offset }),
    [CLOCK_OFFSET_KEY, ms] as const,
  );

const commentLog = async (page: Page) =>
  (
    (await page.evaluate(
      (key) => (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.get(key),
      COMMENT_LOG_KEY,
    )) as Record<string, CommentLog | undefined>
  )[COMMENT_LOG_KEY];

/** Injects the content script into the tab showing `url`, as the keyboard command does: it reports the page. */
async function injectReporter(context: BrowserContext, extensionId: string, url: string): Promise<void> {
  const worker = await getServiceWorker(context, extensionId);
  await worker.evaluate(async (pageUrl) => {
    const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const [found] = await api.tabs.query({ url: pageUrl });
    await api.scripting.executeScript({ target: { tabId: found!.id! }, files: ['/content-scripts/page.js'] });
  }, url);
}

/** Opens the page in a tab of its own, brings it to the front and injects the content script. */
async function readPage(context: BrowserContext, extensionId: string, url: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(url);
  await tab.bringToFront();
  await injectReporter(context, extensionId, url);
  return tab;
}

/** Tells the open panel something changed on a page: it asks the background at once (as on a page report). */
const nudge = (panel: Page) =>
  panel.evaluate(() => {
    const channel = new BroadcastChannel('hearth-changes');
    channel.postMessage({ topic: 'page' });
    channel.close();
  });

/** The background's decision now, asked as the panel asks (busy, so this question takes no offer). */
const decision = (panel: Page) =>
  panel.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const answer = (await api.runtime.sendMessage({
      hearth: 1,
      type: 'page/comment-poll',
      payload: { panelBusy: true },
    })) as { value: { decision: { reason: string } } };
    return answer.value.decision.reason;
  });

test('reading a page leads to a comment in the panel and in the bubble; dismissing the bubble is recorded', async ({
  context,
  extensionId,
  llm,
}) => {
  const site = await servePage();
  try {
    const panel = await openConnectedPanel(context, extensionId, llm);
    await setComments(panel.page, {
      enabled: true,
      chattiness: 'chatty',
      quietHours: { enabled: false, start: 0, end: 0 },
    });
    llm.setDefault({ kind: 'reply', text: COMMENT });
    const tab = await readPage(context, extensionId, site.url);
    await expect.poll(() => decision(panel.page)).toBe('too-soon');

    // Ninety seconds later by the background's clock: the user stayed, and is idle.
    await moveClock(panel.page, 90_000);
    await nudge(panel.page);

    const comment = panel.page.getByTestId('page-comment');
    await expect(comment).toBeVisible();
    await expect(comment.getByRole('link', { name: TITLE })).toHaveAttribute('href', site.url);
    await expect(panel.lastReply()).toContainText(COMMENT);
    await comment.getByText('Why this comment').click();
    await expect(comment).toContainText('Because you have spent 2 minutes on this page');

    // What reached the model: the page only inside the untrusted block, Hearth's note last.
    const sent = llm.chatRequests().at(-1)!.body as { messages: { role: string; content: string }[] };
    const system = sent.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n');
    expect(system).toMatch(/BEGIN UNTRUSTED PAGE [0-9a-f]{16}/);
    expect(system).toContain(`> Title: ${TITLE}`);
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: COMMENT_NOTE });
    expect(llm.chatRequests()).toHaveLength(1);

    // The bubble, on the page the comment is about, in the bottom-right corner; dismissed by its button.
    await expect(tab.locator('hearth-comment-bubble')).toHaveCount(1);
    const size = tab.viewportSize()!;
    await tab.mouse.click(size.width - 16 - 12 - 24, size.height - 16 - 150 + 22);
    await expect(tab.locator('hearth-comment-bubble')).toHaveCount(0);
    await expect.poll(async () => (await commentLog(panel.page))?.comments[0]?.reaction).toBe('dismissed');

    // The dismissal moved the companion's mood a little, as a page event.
    await expect
      .poll(async () =>
        panel.page.evaluate(async () => {
          const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
          const answer = (await api.runtime.sendMessage({
            hearth: 1,
            type: 'mood/history',
            payload: { personaId: 'default' },
          })) as { value: { cause: string; messageId?: string }[] };
          return answer.value.filter((e) => e.cause === 'page').map((e) => e.messageId?.split(':').at(-1));
        }),
      )
      .toEqual(['dismissed']);

    // Counted: another nudge offers nothing more on this page.
    await nudge(panel.page);
    await expect.poll(() => decision(panel.page)).toBe('already-commented');
    expect(llm.chatRequests()).toHaveLength(1);
  } finally {
    await site.close();
  }
});

test('with comments off, and in quiet hours, no comment appears however long the page is read', async ({
  context,
  extensionId,
  llm,
}) => {
  const site = await servePage();
  try {
    const panel = await openConnectedPanel(context, extensionId, llm);
    const tab = await readPage(context, extensionId, site.url);
    await moveClock(panel.page, 10 * 60_000);
    // Off (the default): silent, and the page is not even tracked.
    await nudge(panel.page);
    await expect.poll(() => decision(panel.page)).toBe('off');
    const tracked = await panel.page.evaluate(
      async (key) =>
        (await (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.get(key))[key],
      TRACKING_KEY,
    );
    expect(Object.keys((tracked as { pages?: object } | undefined)?.pages ?? {})).toEqual([]);
    // On, but in quiet hours around the background's local time now.
    const minutes = await panel.page.evaluate((offset) => {
      const d = new Date(Date.now() + offset);
      return d.getHours() * 60 + d.getMinutes();
    }, 10 * 60_000);
    await setComments(panel.page, {
      enabled: true,
      chattiness: 'chatty',
      quietHours: { enabled: true, start: (minutes + 1440 - 120) % 1440, end: (minutes + 120) % 1440 },
    });
    await tab.bringToFront();
    await injectReporter(context, extensionId, site.url);
    await moveClock(panel.page, 20 * 60_000);
    await nudge(panel.page);
    await expect.poll(() => decision(panel.page)).toBe('quiet-hours');
    await nudge(panel.page);
    await expect.poll(async () => (await commentLog(panel.page))?.panelSeenAt ?? 0).toBeGreaterThan(0);
    expect(llm.chatRequests()).toHaveLength(0);
    await expect(panel.page.getByTestId('page-comment')).toHaveCount(0);
  } finally {
    await site.close();
  }
});

test('with the panel closed nothing is generated; when it opens, Hearth mentions the page once', async ({
  context,
  extensionId,
  llm,
}) => {
  // Waits for real alarms (30 s apart), on a machine that may be busy.
  test.setTimeout(180_000);
  const site = await servePage();
  try {
    const setup = await openConnectedPanel(context, extensionId, llm);
    await setComments(setup.page, {
      enabled: true,
      chattiness: 'chatty',
      quietHours: { enabled: false, start: 0, end: 0 },
    });
    const worker = await getServiceWorker(context, extensionId);
    await setup.page.close();
    llm.setDefault({ kind: 'reply', text: 'You were reading about otters earlier.' });

    const tab = await readPage(context, extensionId, site.url);
    // Past the time an open panel would have asked again, and two minutes of reading.
    await worker.evaluate(
      (key) => (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.set({ [key]: 120_000 }),
      CLOCK_OFFSET_KEY,
    );
    // The 30 s alarm counts the reading and notices the page; nothing is written.
    await expect
      .poll(
        async () =>
          (
            (await worker.evaluate(
              (key) => (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.get(key),
              COMMENT_LOG_KEY,
            )) as Record<string, CommentLog | undefined>
          )[COMMENT_LOG_KEY]?.noticed?.title,
        { timeout: 100_000 },
      )
      .toBe(TITLE);
    expect(llm.chatRequests()).toHaveLength(0);
    await expect(tab.locator('hearth-comment-bubble')).toHaveCount(0);

    const panel = await openSidePanel(context, extensionId);
    const comment = panel.getByTestId('page-comment');
    await expect(comment).toBeVisible({ timeout: 30_000 });
    await expect(comment).toContainText('Noticed while you were away');
    await expect(comment.getByRole('link', { name: TITLE })).toBeVisible();
    // (Here the panel is a tab, and opening it took the focus: back to the page, as with a side panel.)
    await tab.bringToFront();
    await nudge(panel);
    await expect.poll(() => decision(panel)).toBe('already-commented');
    expect(llm.chatRequests()).toHaveLength(1);
    await expect(panel.getByTestId('page-comment')).toHaveCount(1);
  } finally {
    await site.close();
  }
});
