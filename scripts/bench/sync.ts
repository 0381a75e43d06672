// Live sync between contexts (issue 10 §3), in headless Chromium with the built extension loaded.
// Run by scripts/bench.mjs after a build: `npx tsx scripts/bench/sync.ts [runs]`; prints
// `{ syncMsP95, syncMsP50, syncSamples, syncPath }` on its last line.
//
// The side panel and the options page are open side by side. Each run renames the persona in
// the options page's persona library (typing, then clicking Save <name>: the store's transaction with
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
  // The persona library: open the active persona's editor (its form is named after the saved name).
  await options.getByRole('button', { name: 'Ember (active)' }).click();
  const form = options.locator('form[aria-label^="Edit "]');
  const nameBox = form.getByRole('textbox', { name: 'Name', exact: true });
  await nameBox.waitFor();
  // The first read of a fresh profile creates the default persona and announces it; the editor
  // reloads its draft then. Let that settle (the panel shows the persona) before typing.
  await panel.getByRole('heading', { level: 1, name: 'Ember' }).waitFor();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await panel.bringToFront();

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
    await nameBox.fill(name);
    // Stamped just before Playwright's click, so the figure includes the click's own round trip
    // (an over-estimate of the sync time, never an under-estimate).
    const startedAt = await options.evaluate(() => performance.timeOrigin + performance.now());
    await form.getByRole('button', { name: /^Save / }).click();
    await panel.waitForFunction(
      () => (window as unknown as { __syncAt?: number }).__syncAt !== undefined,
      null,
      // Polled by interval, not by animation frame: the panel is a background tab here, where
      // frames may not run. The time itself is stamped by the observer, not by this poll.
      { timeout: 10_000, polling: 20 },
    );
    const shownAt = await panel.evaluate(() => (window as unknown as { __syncAt: number }).__syncAt);
    // The editor reloads its draft when the change comes back; let it settle before typing again.
    await options.locator(`form[aria-label="Edit ${name}"]`).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 300));
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
