import {
  expect,
  openOptions,
  openSidePanel,
  stopServiceWorker,
  test,
  waitForServiceWorkerStatus,
  type ChromeApi,
} from './fixtures';
import { PanelPage, openConnectedPanel } from './pages/panel';

test('conversations, settings and the engine choice survive a browser restart', async ({
  context,
  extensionId,
  restartBrowser,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const page = panel.page;
  llm.enqueue({ kind: 'reply', text: 'I will remember this reply.' });
  await panel.send('Remember the blue kettle');
  await expect(panel.lastReply()).toContainText('I will remember this reply.');
  await panel.waitForIdle();
  await page.getByRole('button', { name: 'Conversations' }).click();
  await page.getByRole('button', { name: 'Rename Remember the blue kettle' }).click();
  await page.getByRole('textbox', { name: 'Conversation name' }).fill('Kettle talk');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Kettle talk', exact: true })).toBeVisible();

  const relaunched = await restartBrowser();
  const again = new PanelPage(await openSidePanel(relaunched.context, relaunched.extensionId));
  await again.waitForEngine(); // the endpoint choice came back without the first-run screen
  await expect(again.userMessages().last()).toContainText('Remember the blue kettle');
  await expect(again.lastReply()).toContainText('I will remember this reply.');
  await again.page.getByRole('button', { name: 'Conversations' }).click();
  await expect(again.page.getByRole('button', { name: 'Kettle talk', exact: true })).toBeVisible();
});

test('several conversations: new, search, delete', async ({ context, extensionId, llm }) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const page = panel.page;
  for (const topic of ['otters are great', 'plans for the weekend']) {
    await page.getByRole('button', { name: 'New chat' }).click();
    await panel.send(topic);
    await expect(panel.lastReply()).toContainText(`You said: ${topic}`);
    await panel.waitForIdle();
  }
  await page.getByRole('button', { name: 'Conversations' }).click();
  const drawer = page.getByRole('navigation', { name: 'Conversations' });
  await expect(drawer.getByRole('listitem')).toHaveCount(2);
  await drawer.getByRole('searchbox', { name: 'Search conversations' }).fill('otter');
  await expect(drawer.getByRole('listitem')).toHaveCount(1);
  await drawer.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  await drawer.getByRole('button', { name: 'Delete otters are great' }).click();
  await drawer.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(drawer.getByRole('listitem')).toHaveCount(1);
  await expect(drawer.getByRole('button', { name: 'plans for the weekend', exact: true })).toBeVisible();
});

test('the background keeps its state when its worker is stopped and woken', async ({
  context,
  extensionId,
}) => {
  const page = await openSidePanel(context, extensionId);
  const status = () =>
    page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      return chrome.runtime.sendMessage({ hearth: 1, type: 'background/status', payload: {} });
    });
  const before = (await status()) as { ok: true; value: { instanceStartedAt: number; wakeCount: number } };
  expect(before.ok).toBe(true);

  await stopServiceWorker(context, extensionId);
  const after = (await status()) as typeof before;
  await waitForServiceWorkerStatus(context, extensionId, 'running');
  expect(after.ok).toBe(true);
  expect(after.value.instanceStartedAt).toBeGreaterThan(before.value.instanceStartedAt);
  expect(after.value.wakeCount).toBe(before.value.wakeCount + 1);

  // A malformed message is refused with a typed error and wakes nothing into a bad state.
  const refused = await page.evaluate(() =>
    (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
      hearth: 1,
      type: 'page/report',
      payload: { url: 5 },
    }),
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  const unknown = await page.evaluate(() =>
    (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
      hearth: 1,
      type: 'nope',
      payload: {},
    }),
  );
  expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-type' } });
});

test('a setting changed in the options page reaches an open panel without a reload', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const page = panel.page;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ember');

  const options = await openOptions(context, extensionId);
  await options.getByRole('button', { name: 'Ember (active)' }).click();
  const persona = options.getByRole('form', { name: 'Edit Ember' });
  await persona.getByRole('textbox', { name: 'Name', exact: true }).fill('Juniper');
  await persona.getByRole('button', { name: 'Save Ember' }).click();
  await expect(options.getByRole('form', { name: 'Edit Juniper' }).getByRole('status')).toHaveText('Saved.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Juniper');

  await options.getByRole('checkbox', { name: /Enter sends/ }).uncheck();
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
        const stored = (await chrome.storage.local.get('settings')).settings as {
          value: { enterSends: boolean };
        };
        return stored.value.enterSends;
      }),
    )
    .toBe(false);
  await page.bringToFront();
  await panel.composer.fill('first line');
  await panel.composer.press('Enter');
  await expect(panel.composer).toHaveValue('first line\n');

  llm.enqueue({ kind: 'reply', text: 'Hello from Juniper.' });
  await panel.composer.press('Control+Enter');
  await expect(panel.lastReply()).toContainText('Hello from Juniper.');
  const system = (llm.chatRequests().at(-1)!.body as { messages: { content: string }[] }).messages[0]!
    .content;
  expect(system).toContain('You are Juniper');
});
