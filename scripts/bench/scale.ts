/**
 * Hearth at scale, in headless Chromium with the production build (`npx wxt build`):
 *
 *   npx tsx scripts/bench/scale.ts [--runs 5] [--only=panel,manager,recall,storage]
 *
 * A copy of .output/chrome-mv3 gets two bench-only pages (an empty one, the browser's floor,
 * and one that loads scripts/bench/scale-page.ts); the extension itself is unchanged. A
 * profile is seeded through the extension's own database code in that page: 50,000 memories
 * (real sentences from ../shared/eval, see real-vectors.ts), 10,000 messages, their USE-lite
 * vectors, and an endpoint (a loopback scripted server) connected through the first-run form.
 * Then, each in a fresh browser:
 *  - panelOpenMs: sidepanel.html to the composer enabled (median of --runs cold opens), with
 *    memoryReadyMs (the panel's `hearth:memory-ready` mark: recall over every memory is
 *    available) and longestTaskMs (PerformanceObserver longtask, during the open and a first
 *    turn sent as soon as the composer is enabled); blankPageOpenMs: the empty page opened the
 *    same way; panelOpenMsEmpty: an empty profile with the same endpoint;
 *  - recallMsP50/P95 and idbBytesPerMemory (navigator.storage.estimate before and after);
 *  - the profile grown to 100,000 memories and vectors (rows past the real ones tiled):
 *    vector.loadMsChrome, managerOpenMs (options page to the first memory row),
 *    managerSearchMsP50 (the manager's `hearth:memory-search` measures).
 * Progress on stderr; the JSON result is the last line of stdout.
 */
import { build } from 'esbuild';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startScriptedLlmServer } from '../../test/support/scripted-llm-server';
import { MEMORY_HEADING } from '../../lib/companion/remembered-lines';
import { EXTENSION_PATH, launchExtension } from '../../test/e2e/fixtures';
import { REAL_COUNT, realSet } from './real-vectors';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ??
  (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const RUNS = Number(arg('runs') ?? 5);
const ONLY = new Set((arg('only') ?? 'panel,recall,storage,manager').split(','));
const MEMORIES = 50_000;
const MESSAGES = 10_000;
const MANAGER_MEMORIES = 100_000;
const EMBEDDER = 'bench/use-lite@512';
const COMPOSER = 'textarea[aria-label="Message"]:not([disabled])';
const FIRST_ROW = '[role="list"][aria-label="Memories"] [role="listitem"]';

const log = (message: string): void => console.error(`[bench:scale] ${message}`);
const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface Source {
  baseUrl: string;
  dim: number;
  realCount: number;
}

type BenchApi = {
  seedMemories(source: Source, from: number, to: number): Promise<number>;
  seedMessages(count: number): Promise<number>;
  seedVectors(source: Source, embedderId: string, n: number): Promise<number>;
  vectorLoad(embedderId: string): Promise<{ loadMs: number; runsMs: number[]; vectors: number }>;
  recall(embedderId: string, queries: { text: string; vector: number[] }[]): Promise<Record<string, number>>;
  usage(): Promise<number>;
};

/** The build with the bench's two pages added, in a temporary folder. */
async function benchExtension(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hearth-scale-ext-'));
  await cp(EXTENSION_PATH, dir, { recursive: true });
  const bundle = await build({
    entryPoints: [new URL('./scale-page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'error',
  });
  await writeFile(path.join(dir, 'bench-scale.js'), bundle.outputFiles[0]!.text);
  await writeFile(
    path.join(dir, 'bench-scale.html'),
    '<!doctype html><html><head><meta charset="utf-8"><script src="bench-scale.js"></script></head><body></body></html>',
  );
  await writeFile(
    path.join(dir, 'bench-blank.html'),
    '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>',
  );
  return dir;
}

/** Serves the texts and vectors to the seeding page, on 127.0.0.1 only. */
async function serveData(
  texts: string[],
  vectors: Float32Array,
): Promise<{ server: Server; baseUrl: string }> {
  const json = Buffer.from(JSON.stringify(texts));
  const bin = Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  const server = createServer((req, res) => {
    const body = req.url === '/texts.json' ? json : req.url === '/vectors.f32' ? bin : null;
    res.writeHead(body ? 200 : 404, { 'access-control-allow-origin': '*' });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, baseUrl: `http://127.0.0.1:${address.port}` };
}

async function withBrowser<T>(
  profile: string,
  extensionPath: string,
  work: (context: BrowserContext, id: string) => Promise<T>,
): Promise<T> {
  const { context, extensionId } = await launchExtension(profile, { extensionPath, webgpu: true });
  try {
    return await work(context, extensionId);
  } finally {
    await context.close();
  }
}

async function benchPage(context: BrowserContext, id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/bench-scale.html`);
  await page.waitForFunction(() => 'hearthScaleBench' in globalThis);
  return page;
}

/** Calls one of the page's bench functions (by name: the page's CSP forbids eval). */
function api<K extends keyof BenchApi>(
  page: Page,
  name: K,
  ...args: Parameters<BenchApi[K]>
): ReturnType<BenchApi[K]> {
  return page.evaluate(
    ([n, a]) => {
      const bench = (
        globalThis as unknown as { hearthScaleBench: Record<string, (...x: unknown[]) => unknown> }
      ).hearthScaleBench;
      return bench[n]!(...a);
    },
    [name, args] as [string, unknown[]],
  ) as ReturnType<BenchApi[K]>;
}

/** Connects the first-run screen to the scripted endpoint, as a person would. */
async function connectEndpoint(context: BrowserContext, id: string, baseUrl: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/sidepanel.html`);
  const form = page.getByRole('form', { name: 'Your own server' });
  await form.getByRole('textbox', { name: 'Server URL' }).fill(baseUrl);
  await form.getByRole('button', { name: 'Connect' }).click();
  await form.getByRole('combobox', { name: 'Model' }).waitFor();
  await form.getByRole('button', { name: 'Use this model' }).click();
  await page.locator(COMPOSER).waitFor({ timeout: 30_000 });
  await page.close();
}

/** Records, on the page's own clock, when `selector` first matches, and every long task. */
async function instrument(context: BrowserContext, selector: string): Promise<void> {
  await context.addInitScript((sel: string) => {
    const w = window as unknown as { __benchAt?: number; __benchLongTasks: number[] };
    w.__benchLongTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__benchLongTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // No longtask support: longestTaskMs stays empty.
    }
    // No named functions in here: tsx (esbuild keepNames) would wrap them in a `__name`
    // helper the page does not have.
    const observer = new MutationObserver(() => {
      if (w.__benchAt !== undefined || !document.querySelector(sel)) return;
      w.__benchAt = performance.now();
      observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  }, selector);
}

const readAt = (page: Page) =>
  page
    .waitForFunction(() => (window as unknown as { __benchAt?: number }).__benchAt, undefined, {
      timeout: 60_000,
    })
    .then((h) => h.jsonValue() as Promise<number>);

interface PanelRun {
  openMs: number;
  memoryReadyMs: number | null;
  longestTaskMs: number | null;
  turnMs: number;
  /** The first turn's prompt carried recalled memories (it waited for recall). */
  firstTurnRecalled: boolean;
}
let runs = 0;

/** One cold open of the panel and a first turn, in a fresh browser. */
async function panelRun(profile: string, ext: string): Promise<PanelRun> {
  return withBrowser(profile, ext, async (context, id) => {
    await instrument(context, COMPOSER);
    const page = await context.newPage();
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(`chrome-extension://${id}/sidepanel.html`, { waitUntil: 'commit' });
    const openMs = await readAt(page).catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(tmpdir(), 'hearth-scale-panel-timeout.png') });
      throw error;
    });
    // The first turn, sent at once: it must wait for recall rather than go without it.
    const started = Date.now();
    const text = `What did I say about my sister and the trip? (${runs++})`;
    await page.locator(COMPOSER).fill(text);
    await page.locator(COMPOSER).press('Enter');
    await page
      .locator('article.msg-assistant:not([aria-busy="true"])', { hasText: `You said: ${text}` })
      .waitFor({ timeout: 120_000 });
    const turnMs = Date.now() - started;
    const request = llm
      .chatRequests()
      .map((r) => r.body)
      .filter(
        (b): b is Record<string, unknown> => typeof b === 'object' && b !== null && !('response_format' in b),
      )
      .map((b) => JSON.stringify(b))
      .filter((body) => body.includes(text))
      .at(-1);
    const memoryReadyMs = await page
      .waitForFunction(
        () => performance.getEntriesByName('hearth:memory-ready')[0]?.startTime ?? null,
        undefined,
        { timeout: 15_000 },
      )
      .then((h) => h.jsonValue() as Promise<number>)
      .catch(() => null);
    const tasks = await page.evaluate(
      () => (window as unknown as { __benchLongTasks: number[] }).__benchLongTasks,
    );
    return {
      openMs: round(openMs),
      memoryReadyMs: memoryReadyMs === null ? null : round(memoryReadyMs),
      longestTaskMs: tasks.length ? round(Math.max(...tasks)) : 0,
      turnMs,
      firstTurnRecalled: request?.includes(JSON.stringify(MEMORY_HEADING).slice(1, -1)) ?? false,
    };
  });
}

async function blankRun(profile: string, ext: string): Promise<number> {
  return withBrowser(profile, ext, async (context, id) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(`chrome-extension://${id}/bench-blank.html`, { waitUntil: 'domcontentloaded' });
    return round(
      await page.evaluate(
        () =>
          (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
            .domContentLoadedEventEnd,
      ),
    );
  });
}

/** One cold open of the options page to its first memory row; with `queries`, also times searches. */
async function managerRun(
  profile: string,
  ext: string,
  queries: string[],
): Promise<{ openMs: number; searchMs: number[] }> {
  return withBrowser(profile, ext, async (context, id) => {
    await instrument(context, FIRST_ROW);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/options.html`, { waitUntil: 'commit' });
    const openMs = round(await readAt(page));
    const searchMs: number[] = [];
    if (queries.length) {
      const manager = page.getByRole('region', { name: 'Memory manager' });
      await manager.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
      const box = manager.getByRole('searchbox', { name: 'Search memories' });
      for (const q of queries) {
        const before = await page.evaluate(() => performance.getEntriesByName('hearth:memory-search').length);
        await box.fill(q);
        await page.waitForFunction(
          (n) => performance.getEntriesByName('hearth:memory-search').length > n,
          before,
          { timeout: 120_000 },
        );
      }
      const all = await page.evaluate(() =>
        performance.getEntriesByName('hearth:memory-search').map((e) => e.duration),
      );
      // The first search waits for the index to be built; the figure is one search after that.
      searchMs.push(...all.slice(1).map((d) => round(d)));
    }
    return { openMs, searchMs };
  });
}

const loadBefore = loadavg()[0]!;
// Every memory's text is a real sentence; vectors are those already embedded (real-vectors.ts
// makes them), reused in turn past that count: the dense side's cost does not depend on it.
const set = await realSet(Number(arg('real') ?? REAL_COUNT), false);
if (set.n === 0)
  throw new Error('No cached sentence vectors: run `npx tsx scripts/bench/real-vectors.ts` first.');
const queryTexts = set.queryTexts;
const queries = set.queries.map((v, i) => ({ text: queryTexts[i]!, vector: Array.from(v) }));
const ext = await benchExtension();
const data = await serveData(set.texts, set.data);
const llm = await startScriptedLlmServer();
const seeded = await mkdtemp(path.join(tmpdir(), 'hearth-scale-seeded-'));
const empty = await mkdtemp(path.join(tmpdir(), 'hearth-scale-empty-'));
const source = { baseUrl: data.baseUrl, dim: set.dim, realCount: set.n };
const result: Record<string, unknown> = {};
const notes: string[] = [];
try {
  log(`seeding ${MEMORIES} memories, ${MESSAGES} messages, their vectors, an endpoint`);
  await withBrowser(seeded, ext, async (context, id) => {
    await connectEndpoint(context, id, llm.baseUrl);
    const page = await benchPage(context, id);
    const before = await api(page, 'usage');
    const seedMs = await api(page, 'seedMemories', source, 0, MEMORIES);
    const afterMemories = await api(page, 'usage');
    await api(page, 'seedMessages', MESSAGES);
    const afterMessages = await api(page, 'usage');
    const vectorSeedMs = await api(page, 'seedVectors', source, EMBEDDER, MEMORIES);
    const afterVectors = await api(page, 'usage');
    const textBytes = set.texts.reduce((s, t) => s + Buffer.byteLength(t), 0) / set.texts.length;
    result.idbBytesPerMemory = Math.round((afterMemories - before) / MEMORIES);
    result.idbBytes = {
      perMemory: result.idbBytesPerMemory,
      meanTextBytes: Math.round(textBytes),
      perVector512: Math.round((afterVectors - afterMessages) / MEMORIES),
      perMessage: Math.round((afterMessages - afterMemories) / MESSAGES),
      seedMs,
      vectorSeedMs,
    };
    if (ONLY.has('recall')) {
      log('recall over 50,000 in an extension page');
      const r = await api(page, 'recall', EMBEDDER, queries.slice(0, 200));
      result.recallMsP50 = r.recallMsP50;
      result.recallMsP95 = r.recallMsP95;
      result.recall = r;
    }
  });
  await connectEmpty();
  if (ONLY.has('panel')) {
    const runs: PanelRun[] = [];
    const blank: number[] = [];
    const emptyRuns: PanelRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      log(`cold open ${i + 1}/${RUNS}: panel (50,000 memories), blank page, panel (empty profile)`);
      runs.push(await panelRun(seeded, ext));
      blank.push(await blankRun(seeded, ext));
      emptyRuns.push(await panelRun(empty, ext));
    }
    const ready = runs.map((r) => r.memoryReadyMs).filter((x): x is number => x !== null);
    Object.assign(result, {
      panelOpenMs: median(runs.map((r) => r.openMs)),
      blankPageOpenMs: median(blank),
      panelOpenMsEmpty: median(emptyRuns.map((r) => r.openMs)),
      memoryReadyMs: ready.length === runs.length ? median(ready) : null,
      longestTaskMs: Math.max(...runs.map((r) => r.longestTaskMs ?? 0)),
      firstTurnRecalled: runs.every((r) => r.firstTurnRecalled),
      panelRuns: runs,
      blankRuns: blank,
      emptyRuns,
    });
    if (ready.length < runs.length) notes.push('memoryReadyMs: the build never marks hearth:memory-ready');
  }
  if (ONLY.has('manager') || ONLY.has('storage')) {
    log(`growing the profile to ${MANAGER_MEMORIES} memories and vectors`);
    await withBrowser(seeded, ext, async (context, id) => {
      const page = await benchPage(context, id);
      await api(page, 'seedMemories', source, MEMORIES, MANAGER_MEMORIES);
      await api(page, 'seedVectors', source, EMBEDDER, MANAGER_MEMORIES);
      const load = await api(page, 'vectorLoad', EMBEDDER);
      result.vector = {
        loadMsChrome: load.loadMs,
        loadRunsMsChrome: load.runsMs,
        vectors: load.vectors,
        realVectors: set.n,
      };
    });
  }
  if (ONLY.has('manager')) {
    const opens: number[] = [];
    let searches: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      log(`memory manager cold open ${i + 1} at ${MANAGER_MEMORIES}`);
      const run = await managerRun(seeded, ext, i === 0 ? queryTexts.slice(0, 21) : []);
      opens.push(run.openMs);
      if (run.searchMs.length) searches = run.searchMs;
    }
    Object.assign(result, {
      managerOpenMs: median(opens),
      managerSearchMsP50: median(searches),
      managerRuns: opens,
      managerSearchMs: searches,
    });
  }
} finally {
  await llm.close();
  data.server.close();
  await rm(ext, { recursive: true, force: true });
  await rm(seeded, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
}
notes.push(
  `1-minute load average ${round(loadBefore, 2)} before and ${round(loadavg()[0]!, 2)} after, on ${availableParallelism()} shared cores.`,
);
console.log(JSON.stringify({ scale: { ...result, notes } }));

async function connectEmpty(): Promise<void> {
  await withBrowser(empty, ext, (context, id) => connectEndpoint(context, id, llm.baseUrl));
}
