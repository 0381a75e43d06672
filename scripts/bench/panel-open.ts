// Side panel cold open to interactive, in headless Chromium with the built extension loaded.
// Run by scripts/bench.mjs after a build: `npx tsx scripts/bench/panel-open.ts [runs]`; prints
// `{ panelOpenMs, panelOpenSamples, panelReadySignal }` on its last line.
//
// Each run opens sidepanel.html in a fresh tab (the real panel needs a user gesture) and
// measures, on the page's own clock, from navigation start to the moment the app root carries
// data-ready="true" (the chat input is enabled and focusable). A build that never sets that
// attribute is measured to DOMContentLoaded instead, and `panelReadySignal` says which.
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_PATH, launchExtension } from '../../test/e2e/fixtures';

const RUNS = Number(process.argv[2] ?? 7);
const READY_TIMEOUT_MS = 15_000;
const READY_SELECTOR = '[data-ready="true"]';

/** Whether any built extension-page script mentions the readiness attribute at all. */
function buildSetsReadyFlag(): boolean {
  const chunks = path.join(EXTENSION_PATH, 'chunks');
  const files = fs.existsSync(chunks) ? fs.readdirSync(chunks).map((f) => path.join(chunks, f)) : [];
  return files.some((file) => file.endsWith('.js') && fs.readFileSync(file, 'utf8').includes('data-ready'));
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const useReadyFlag = buildSetsReadyFlag();
const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-bench-'));
// WebGPU on (SwiftShader here), as on a desktop Chrome: any GPU probing at start-up counts.
const { context, extensionId } = await launchExtension(userDataDir, { webgpu: true });
try {
  // Timestamps the first moment the ready selector matches, before Playwright can poll. No
  // named functions inside: tsx (esbuild keepNames) would wrap them in a `__name` helper that
  // does not exist in the page.
  await context.addInitScript((selector: string) => {
    const w = window as unknown as { __hearthReadyAt?: number };
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      w.__hearthReadyAt = performance.now();
      observer.disconnect();
    });
    observer.observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-ready'],
    });
  }, READY_SELECTOR);

  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(`chrome-extension://${extensionId}/sidepanel.html`, { waitUntil: 'domcontentloaded' });
    let ms: number;
    if (useReadyFlag) {
      await page.waitForSelector(READY_SELECTOR, { state: 'attached', timeout: READY_TIMEOUT_MS });
      await page.waitForFunction(
        () => (window as { __hearthReadyAt?: number }).__hearthReadyAt !== undefined,
      );
      ms = await page.evaluate(() => (window as unknown as { __hearthReadyAt: number }).__hearthReadyAt);
    } else {
      ms = await page.evaluate(() => {
        const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return nav!.domContentLoadedEventEnd;
      });
    }
    samples.push(Math.round(ms * 10) / 10);
    await page.close();
  }
  console.log(
    JSON.stringify({
      panelOpenMs: median(samples),
      panelOpenSamples: samples,
      panelReadySignal: useReadyFlag
        ? READY_SELECTOR
        : 'DOMContentLoaded (the build never sets data-ready="true" yet)',
    }),
  );
} finally {
  await context.close();
  await rm(userDataDir, { recursive: true, force: true });
}
