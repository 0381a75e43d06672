// The page reader's cost on the page, over the 40 pages of ../shared/eval/pages (Readability's
// test pages), in headless Chromium from 127.0.0.1. Run by scripts/bench.mjs after a build:
// `npx tsx scripts/bench/content-script.ts [folder]`; prints one line per page, then on its last
// line `{ contentScriptMsP95, contentScriptLongestTaskMs, contentScriptKbGz, … }`.
//
// Method
// - The page half of the reader (lib/context/extract/snapshot.ts, what content-scripts/page.js
//   runs) is bundled with esbuild and run in each page after its first layout (two frames).
//   Its time slicer measures every task it runs on the page's main thread (performance.now()
//   around each idle-callback slice): the longest task and the total per page.
// - The message carrying the snapshot is serialised on the page's thread too: its cost is
//   measured as JSON.stringify of the snapshot (contentScriptSendMsP95), apart.
// - contentScriptMsP95: p95 over pages of the main-thread total; contentScriptLongestTaskMs: p95
//   over pages of the longest single task (contentScriptLongestTaskMaxMs: the worst page).
// - contentScriptKbGz: .output/chrome-mv3/content-scripts/page.js gzipped (level 9), the whole
//   script injected into a page; Readability is not in it (it runs in the extension).
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { launchChromium, serveFolder } from '../eval/page-browser';
import { percentile } from '../eval/page';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'eval', 'pages'));
const script = path.join(ROOT, '.output', 'chrome-mv3', 'content-scripts', 'page.js');

interface Cost {
  longestTaskMs: number;
  totalMs: number;
  tasks: number;
  sendMs: number;
  htmlKb: number;
}

const bundle = (
  await build({
    stdin: {
      contents: `
        import { snapshotVisiblePage } from './lib/context/extract/snapshot.ts';
        globalThis.__hearthCost = async () => {
          const { snapshot } = await snapshotVisiblePage(window);
          const started = performance.now();
          const wire = JSON.stringify(snapshot);
          const sendMs = performance.now() - started;
          return { ...snapshot.cost, sendMs, htmlKb: wire.length / 1000 };
        };`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
).outputFiles[0]!.text;

const names = (await readdir(folder)).filter((n) => existsSync(path.join(folder, n, 'source.html'))).sort();
const [browser, server] = await Promise.all([launchChromium(), serveFolder(folder)]);
const costs: Cost[] = [];
try {
  for (const name of names) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith(`${server.origin}/`) ? route.continue() : route.abort(),
    );
    await page.goto(`${server.origin}/${name}/source.html`, { waitUntil: 'load', timeout: 60_000 });
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.evaluate(bundle);
    const cost = (await page.evaluate('globalThis.__hearthCost()')) as Cost;
    costs.push(cost);
    console.log(
      `${name}: longest task ${cost.longestTaskMs.toFixed(1)} ms, total ${cost.totalMs.toFixed(1)} ms in ${cost.tasks} tasks, send ${cost.sendMs.toFixed(1)} ms (${cost.htmlKb.toFixed(0)} kB)`,
    );
    await context.close();
  }
} finally {
  await Promise.all([browser.close(), server.close()]);
}
const r2 = (x: number) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    contentScriptMsP95: r2(
      percentile(
        costs.map((c) => c.totalMs),
        95,
      ),
    ),
    contentScriptLongestTaskMs: r2(
      percentile(
        costs.map((c) => c.longestTaskMs),
        95,
      ),
    ),
    contentScriptLongestTaskMaxMs: r2(Math.max(...costs.map((c) => c.longestTaskMs))),
    contentScriptSendMsP95: r2(
      percentile(
        costs.map((c) => c.sendMs),
        95,
      ),
    ),
    contentScriptKbGz: existsSync(script)
      ? r2(gzipSync(readFileSync(script), { level: 9 }).length / 1000)
      : null,
    contentScriptPages: costs.length,
  }),
);
