import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { expect, openOptions, openSidePanel, screenshot, test } from './fixtures';
import { PanelPage } from './pages/panel';

let server: ScriptedLlmServer;
test.beforeEach(async () => {
  server = await startScriptedLlmServer();
});
test.afterEach(async () => {
  await server.close();
});

test.describe('without WebGPU', () => {
  test('no local model is offered, the reason is given, and an endpoint still works', async ({
    context,
    extensionId,
  }) => {
    const page = await openSidePanel(context, extensionId);
    await expect(
      page.getByRole('status').filter({ hasText: /On-device models can't run in this browser/ }),
    ).toBeVisible();
    const local = page.getByRole('region', { name: 'Local models' });
    await expect(local).toContainText(/WebGPU/);
    await expect(local.getByRole('button', { name: /^Download / })).toHaveCount(0);
    await expect(page.getByRole('region', { name: /Your own server/ })).toContainText('Recommended here');
    const panel = new PanelPage(page);
    await panel.connectEndpoint(server.baseUrl, 'test-model');
    await panel.waitForEngine();
    await panel.send('still there?');
    await expect(panel.lastReply()).toContainText('You said: still there?');
  });
});

test.describe('with a software (fallback) adapter', () => {
  test.use({ webgpu: true });

  test('the list is filtered for the adapter, a download that cannot reach the network fails clearly, and chat on another engine works', async ({
    context,
    extensionId,
  }) => {
    const options = await openOptions(context, extensionId);
    const local = options.getByRole('region', { name: 'Local models' });
    const offered = local.getByRole('list', { name: 'Models for this device' });
    await expect(offered.getByRole('button', { name: /^Download / }).first()).toBeVisible({
      timeout: 20_000,
    });
    await expect(local).toContainText(/software|slow/i);
    // The software adapter has no shader-f16: no f16 model is offered to download.
    const names = await offered
      .getByRole('button', { name: /^Download / })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => /q4f16|q0f16/.test(n ?? ''))).toEqual([]);
    await screenshot(options, 'options-webgpu-fallback');

    await offered
      .getByRole('button', { name: /^Download / })
      .first()
      .click();
    await expect(local.getByRole('alert')).toContainText("Couldn't download the model", { timeout: 45_000 });

    const panel = new PanelPage(await openSidePanel(context, extensionId));
    await expect(
      panel.page.getByRole('status').filter({ hasText: /software graphics adapter/ }),
    ).toBeVisible();
    await panel.connectEndpoint(server.baseUrl, 'test-model');
    await panel.waitForEngine();
    await panel.send('works?');
    await expect(panel.lastReply()).toContainText('You said: works?');
  });
});
