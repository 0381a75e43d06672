// Live sync between contexts (issue 10 §3), in headless Chromium with the built extension loaded.
// Run by scripts/bench.mjs after a build: `npx tsx scripts/bench/sync.ts [runs]`; prints
// `{ syncMsP95, syncMsP50, syncSamples, syncPath }` on its last line.
//
// The side panel and the options page are open side by side. Each run renames the persona in
// the options page's persona editor (typing, then clicking Save persona: the store's transaction with
// its outbox event, then the change notice) and times, until the panel's header shows the new
// name. Both ends are stamped in the pages themselves (performance.timeOrigin + now(), the same
// machine clock), the panel's by a MutationObserver, so Playwright's polling adds nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchExtension } from '../../test/e2e/fixtures';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import { SETTINGS_VERSION } from '../../lib/settings/migrations';

const RUNS = Number(process.argv[2] ?? 30);
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-bench-sync-'));
const { context, extensionId } = await launchExtension(userDataDir);
try {
  const base = `chrome-extension://${extensionId}/`;
  const options = await context.newPage();
  await options.goto(`${base}options.html`);
  // Past the first-run screen with no engine: the panel then shows the chat header with the
  // persona's name (no model is needed to measure sync).
  const { openai, ...engine } = DEFAULT_SETTINGS.engine;
  const { apiKey: _key, ...storedOpenai } = openai;
  await options.evaluate(
    (value) =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(i: object): Promise<void> } } } }
      ).chrome.storage.local.set({ settings: value }),
    {
      version: SETTINGS_VERSION,
      value: { ...DEFAULT_SETTINGS, onboarded: true, engine: { ...engine, openai: storedOpenai } },
    },
  );
  const panel = await context.newPage();
  await panel.goto(`${base}sidepanel.html`);
  await panel.locator('h1').first().waitFor();
  await options.reload();
  const form = options.getByRole('form', { name: 'Persona' });
  await form.getByLabel('Name').waitFor();

  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const name = `Ember ${run}`;
    await panel.evaluate((expected) => {
      const w = window as unknown as { __syncAt?: number };
      w.__syncAt = undefined;
      const observer = new MutationObserver(() => {
        if (document.querySelector('h1')?.textContent !== expected) return;
        w.__syncAt = performance.timeOrigin + performance.now();
        observer.disconnect();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    }, name);
    await form.getByLabel('Name').fill(name);
    const startedAt = await options.evaluate(() => {
      const save = [...document.querySelectorAll('form[aria-label="Persona"] button')].find(
        (b) => b.textContent?.trim() === 'Save persona',
      ) as HTMLButtonElement;
      const at = performance.timeOrigin + performance.now();
      save.click();
      return at;
    });
    await panel.waitForFunction(
      () => (window as unknown as { __syncAt?: number }).__syncAt !== undefined,
      null,
      {
        timeout: 10_000,
      },
    );
    const shownAt = await panel.evaluate(() => (window as unknown as { __syncAt: number }).__syncAt);
    samples.push(Math.round((shownAt - startedAt) * 10) / 10);
  }
  console.log(
    JSON.stringify({
      syncMsP95: percentile(samples, 95),
      syncMsP50: percentile(samples, 50),
      syncSamples: samples,
      syncPath: 'persona renamed in the options page → the side panel header shows it',
    }),
  );
} finally {
  await context.close();
  await rm(userDataDir, { recursive: true, force: true });
}
