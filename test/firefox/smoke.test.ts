/**
 * Firefox end-to-end smoke test (`npm run test:e2e:firefox`, after a `HEARTH_E2E=1` Firefox
 * build): the build passes addons.mozilla.org's linter and ships web-llm once; then, in a real
 * firefox-esr, Hearth's panel page connects to the scripted OpenAI-compatible server on
 * 127.0.0.1, chats, and after Firefox is relaunched on the same profile the conversation is
 * still there. Runs with Node's test runner (tsx): Playwright cannot drive Firefox ESR.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import {
  FIREFOX_EXTENSION,
  ROOT,
  element,
  launchHearthFirefox,
  openExtensionPage,
  waitInPage,
  type HearthFirefox,
} from './firefox';

/** What `web-ext lint --output json` prints. */
interface LintReport {
  count: number;
  errors: Array<{ code: string; file?: string; message: string }>;
  warnings: Array<{ code: string; file?: string; message: string }>;
}

function javascriptFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.m?js$/.test(file))
    .map((file) => path.join(dir, file));
}

describe('the Firefox build', () => {
  before(() => {
    assert.ok(
      fs.existsSync(path.join(FIREFOX_EXTENSION, 'manifest.json')),
      `No build in ${FIREFOX_EXTENSION}: run HEARTH_E2E=1 npx wxt build -b firefox --mv3 first.`,
    );
  });

  it('passes web-ext lint (the checks addons.mozilla.org runs) with no errors', () => {
    const webExt = path.join(
      ROOT,
      'node_modules',
      '.bin',
      process.platform === 'win32' ? 'web-ext.cmd' : 'web-ext',
    );
    const run = spawnSync(
      webExt,
      ['lint', '--source-dir', FIREFOX_EXTENSION, '--output', 'json', '--no-config-discovery'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        shell: process.platform === 'win32',
      },
    );
    const report = JSON.parse(run.stdout) as LintReport;
    const errors = report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`);
    assert.deepEqual(errors, [], `web-ext lint found errors:\n${errors.join('\n')}`);
    assert.equal(run.status, 0, run.stderr);
  });

  it('declares its icons, toolbar button, sidebar and data collection as Firefox expects', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(FIREFOX_EXTENSION, 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions, {
      required: ['none'],
    });
    assert.equal(manifest.action.default_title, 'Open Hearth');
    assert.equal(manifest.options_ui.open_in_tab, true);
    for (const icons of [
      manifest.icons,
      manifest.action.default_icon,
      manifest.sidebar_action.default_icon,
    ]) {
      assert.deepEqual(Object.keys(icons).sort(), ['128', '16', '32', '48']);
      for (const [size, file] of Object.entries<string>(icons)) {
        const png = fs.readFileSync(path.join(FIREFOX_EXTENSION, file));
        assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
        assert.equal(png.readUInt32BE(16), Number(size), `${file} is not ${size} px wide`);
        assert.equal(png.readUInt32BE(20), Number(size), `${file} is not ${size} px high`);
      }
    }
  });

  it("ships web-llm's runtime once, in the worker, and no JavaScript file over 5 MB", () => {
    const files = javascriptFiles(FIREFOX_EXTENSION);
    // A string only web-llm's bundled runtime contains.
    const withRuntime = files.filter((file) =>
      fs.readFileSync(file, 'utf8').includes('MLC_DUMMY_REQUIRE_VAR'),
    );
    assert.equal(
      withRuntime.length,
      1,
      `web-llm's runtime is in ${withRuntime.length} files: ${withRuntime.join(', ')}`,
    );
    assert.match(path.basename(withRuntime[0] ?? ''), /^worker-/);
    const large = files.filter((file) => fs.statSync(file).size > 5 * 2 ** 20);
    assert.deepEqual(large, []);
  });
});

describe('Hearth in Firefox', () => {
  let server: ScriptedLlmServer;
  let profile: string;
  let firefox: HearthFirefox | undefined;
  const uuid = randomUUID();

  before(async () => {
    server = await startScriptedLlmServer();
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-firefox-'));
  });
  after(async () => {
    await firefox?.close().catch(() => undefined);
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });

  const lastText = (page: Page, selector: string) =>
    page.evaluate((s) => [...document.querySelectorAll(s)].at(-1)?.textContent ?? '', selector);

  it(
    'chats through the scripted endpoint, and the conversation survives a relaunch',
    { timeout: 240_000 },
    async () => {
      firefox = await launchHearthFirefox(profile, uuid);
      const panel = await openExtensionPage(firefox, 'sidepanel.html');
      // The test build's host permission for 127.0.0.1 is granted at install (Firefox makes MV3
      // host permissions optional unless the manifest asks for them; the production build asks none).
      const granted = await panel.evaluate(() =>
        (
          globalThis as unknown as { browser: { permissions: { contains(p: object): Promise<boolean> } } }
        ).browser.permissions.contains({
          origins: ['http://127.0.0.1/*'],
        }),
      );
      assert.equal(granted, true, 'the E2E build should hold http://127.0.0.1/* in Firefox');

      const form = 'form[aria-label="Your own server"]';
      const url = await element(panel, `${form} input[type="url"]`);
      await url.evaluate((input) => (input as HTMLInputElement).select()); // replace the suggested URL
      await url.type(server.baseUrl);
      await (await element(panel, `${form} button[type="submit"]`)).click();
      await element(panel, `${form} select option[value="test-model"]`);
      await panel.select(`${form} select`, 'test-model');
      const use = await element(panel, `${form} ::-p-text(Use this model)`);
      await use.click();
      await element(panel, '[data-testid="engine-ready"]');
      await waitInPage(
        panel,
        () =>
          !(document.querySelector('textarea[aria-label="Message"]') as HTMLTextAreaElement | null)?.disabled,
        'the composer to be enabled',
      );

      server.enqueue({ kind: 'reply', text: 'Hello from the scripted server, Firefox.' });
      const composer = await element(panel, 'textarea[aria-label="Message"]');
      await composer.type('Remember the green teapot');
      await composer.press('Enter');
      await waitInPage(
        panel,
        () =>
          document
            .querySelector('article.msg-assistant:last-of-type')
            ?.textContent?.includes('Hello from the scripted server') &&
          !document.querySelector('article.msg-assistant[data-status="streaming"]'),
        'the reply',
      );
      assert.match(await lastText(panel, 'article.msg-user'), /Remember the green teapot/);
      const sent = server.chatRequests().at(-1)?.body as
        { messages?: Array<{ role: string; content: string }> } | undefined;
      // The user's message, then the persona's reminder (marked as not the user's).
      assert.equal(
        sent?.messages?.at(-1)?.content?.split('\n\n(Note from Hearth')[0],
        'Remember the green teapot',
      );

      await firefox.close();
      firefox = undefined;

      firefox = await launchHearthFirefox(profile, uuid);
      const again = await openExtensionPage(firefox, 'sidepanel.html');
      await element(again, '[data-testid="engine-ready"]'); // the endpoint choice came back too
      await waitInPage(
        again,
        () => document.querySelectorAll('article.msg-assistant').length > 0,
        'the stored conversation',
      );
      assert.match(await lastText(again, 'article.msg-user'), /Remember the green teapot/);
      assert.match(
        await lastText(again, 'article.msg-assistant'),
        /Hello from the scripted server, Firefox\./,
      );
    },
  );
});
