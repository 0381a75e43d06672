import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { expect, openSidePanel, test } from './fixtures';
import { PanelPage } from './pages/panel';

// Issue 12 §6 in the real browser: a redirect from the configured server, and a reply that
// never ends. Chromium answers `redirect: 'manual'` with an opaque redirect (Node gives the
// 3xx itself), so the browser path is worth its own check.
let server: ScriptedLlmServer;
let elsewhere: ScriptedLlmServer;
test.beforeEach(async () => {
  server = await startScriptedLlmServer();
  elsewhere = await startScriptedLlmServer();
});
test.afterEach(async () => {
  await server.close();
  await elsewhere.close();
});

async function readyPanel(context: Parameters<typeof openSidePanel>[0], extensionId: string) {
  const page = await openSidePanel(context, extensionId);
  await page.setViewportSize({ width: 420, height: 820 });
  const panel = new PanelPage(page);
  await expect(page.getByRole('heading', { name: 'Welcome to Hearth' })).toBeVisible();
  await panel.connectEndpoint(server.baseUrl, 'test-model');
  await panel.waitForEngine();
  return panel;
}

test('a 307 from the server is refused; the prompt never reaches the other origin', async ({
  context,
  extensionId,
}) => {
  const panel = await readyPanel(context, extensionId);
  server.enqueue({ kind: 'redirect', location: `${elsewhere.baseUrl}/chat/completions` });
  await panel.send('my secret plans');
  await expect(panel.lastReply().getByRole('alert')).toHaveText(/does not follow redirects/);
  await panel.waitForIdle();
  expect(elsewhere.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  server.enqueue({ kind: 'reply', text: 'Back again.' });
  await panel.send('and now?');
  await expect(panel.lastReply()).toContainText('Back again.');
});

test('an endless reply stops at 1 MB; stored, it reopens collapsed and shows all on request', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const panel = await readyPanel(context, extensionId);
  server.enqueue({ kind: 'endless', text: 'Tick tock, the reply goes on.\n\n', chunkSize: 16 });
  await panel.send('talk forever');
  await expect(panel.lastReply().getByRole('alert')).toHaveText(/passed 1 MB, so Hearth stopped it there/, {
    timeout: 120_000,
  });
  await panel.waitForIdle();
  await expect(panel.lastReply().locator('p').first()).toHaveText('Tick tock, the reply goes on.');

  await panel.page.reload();
  const reply = panel.lastReply();
  await expect(reply.getByRole('button', { name: 'Show all' })).toBeVisible({ timeout: 30_000 });
  expect(await reply.locator('.markdown p').count()).toBeLessThan(400);
  await reply.getByRole('button', { name: 'Show all' }).click();
  await expect(reply.getByRole('button', { name: 'Show all' })).toHaveCount(0);
  await expect.poll(() => reply.locator('.markdown p').count(), { timeout: 120_000 }).toBeGreaterThan(30_000);
  // Still usable: the next turn works.
  server.enqueue({ kind: 'reply', text: 'Short one.' });
  await panel.send('enough');
  await expect(panel.lastReply()).toContainText('Short one.');
});
