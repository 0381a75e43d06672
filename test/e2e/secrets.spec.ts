import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { expect, getServiceWorker, openOptions, openSidePanel, test, type ChromeApi } from './fixtures';
import { PanelPage } from './pages/panel';
import { contentScriptWorld } from './content-world';

// A content script's world shares the page's process and can read storage.local. The
// endpoint's API key must not be there: it lives in the extension origin's IndexedDB.

let server: ScriptedLlmServer;
let site: http.Server;
let siteUrl: string;
test.beforeEach(async () => {
  server = await startScriptedLlmServer();
  site = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>A page Hearth reads</title><p>Hello.</p>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/page`;
});
test.afterEach(async () => {
  await server.close();
  site.close();
});

/** Settings exactly as version 2 of Hearth wrote them to storage.local: the key among the rest. */
function version2Settings(baseUrl: string, apiKey: string) {
  return {
    version: 2,
    value: {
      onboarded: true,
      engine: {
        active: 'openai',
        webllm: { modelId: null },
        openai: { baseUrl, apiKey, model: 'test-model' },
      },
      activePersonaId: 'default',
      generation: { temperature: 0.7, maxReplyTokens: 512 },
      enterSends: true,
      memory: { embedder: null, modelHost: null },
    },
  };
}

test('the API key cannot be read from a content script’s world, and still reaches the endpoint', async ({
  context,
  extensionId,
}) => {
  const LEGACY_KEY = 'sk-e2e-legacy-7f3b';
  const NEW_KEY = 'sk-e2e-typed-91c2';
  // An install updated from version 2: its key sits in storage.local.
  const worker = await getServiceWorker(context, extensionId);
  await worker.evaluate(
    (settings) => (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.set({ settings }),
    version2Settings(server.baseUrl, LEGACY_KEY),
  );

  const tab = await context.newPage();
  await tab.goto(siteUrl);
  const inContentScript = await contentScriptWorld(context, extensionId, tab);
  const readStorage = () => inContentScript<string>('chrome.storage.local.get(null).then(JSON.stringify)');
  // The defect as it was: the content script's world reads the key.
  expect(await readStorage()).toContain(LEGACY_KEY);

  // Hearth's panel opens, migrates the settings, and chats with the key from the secret store.
  const page = await openSidePanel(context, extensionId);
  const panel = new PanelPage(page);
  await panel.waitForEngine();
  server.enqueue({ kind: 'reply', text: 'Hello again.' });
  await panel.send('Still there?');
  await expect(panel.lastReply()).toContainText('Hello again.');
  expect(server.chatRequests().at(-1)?.authorization).toBe(`Bearer ${LEGACY_KEY}`);

  const afterMigration = await readStorage();
  expect(afterMigration).toContain(server.baseUrl); // the content world does read storage.local…
  expect(afterMigration).not.toContain(LEGACY_KEY); // …and the key is no longer there
  // The extension's own database is not the content script's: its IndexedDB is the page's.
  const databases = await inContentScript<string[]>(
    'indexedDB.databases().then((d) => d.map((x) => x.name))',
  );
  expect(databases).not.toContain('hearth');

  // A key typed in the options page goes to the secret store too, and the open panel uses it.
  const options = await openOptions(context, extensionId);
  await new PanelPage(options).connectEndpoint(server.baseUrl, 'test-model', NEW_KEY);
  await expect(options.getByText('Using test-model.')).toBeVisible();
  await expect.poll(async () => (await readStorage()).includes('savedAt')).toBe(true);
  expect(await readStorage()).not.toContain(NEW_KEY);
  await panel.waitForEngine();
  server.enqueue({ kind: 'reply', text: 'New key, same me.' });
  await expect
    .poll(async () => {
      await panel.send('And now?');
      await panel.waitForIdle();
      return server.chatRequests().at(-1)?.authorization;
    })
    .toBe(`Bearer ${NEW_KEY}`);
});
