/**
 * The browser side of the `page` eval: headless Chromium, a loopback server for the page's
 * folder, and the real page reader in its two halves, as the extension runs them: the
 * snapshot (lib/context/extract/snapshot.ts, what entrypoints/page.content.ts runs) in the
 * page, and Readability (lib/context/extract/article.ts, what the offscreen document runs) in
 * a blank page of its own, so that its time is not the page's.
 */
import { chromium, type Browser } from '@playwright/test';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageRead } from '../../lib/context/extract/article';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Chromium to drive: $HEARTH_CHROMIUM, else Debian's binary (TESTING.md). */
export function chromiumPath(): string {
  const fromEnv = process.env.HEARTH_CHROMIUM || process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    existsSync,
  );
  if (!found) throw new Error('No Chromium found: install one or set HEARTH_CHROMIUM.');
  return found;
}

/**
 * The reader's modules as one script that defines `__hearthSnapshot` (the page half),
 * `__hearthArticle` (the extension half) and `__hearthBlockText` (the same text serializer,
 * for the reference article).
 */
export async function bundleReader(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { snapshotVisiblePage } from './lib/context/extract/snapshot.ts';
        import { readArticle } from './lib/context/extract/article.ts';
        import { blockText } from './lib/context/extract/block-text.ts';
        globalThis.__hearthSnapshot = () => snapshotVisiblePage(window).then((r) => r.snapshot);
        globalThis.__hearthArticle = (snapshot) =>
          readArticle(snapshot, (html) => new DOMParser().parseFromString(html, 'text/html'));
        globalThis.__hearthBlockText = (html) => blockText(new DOMParser().parseFromString(html, 'text/html').body);
      `,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Serves one folder on 127.0.0.1 (the page and anything it links beside it). */
export async function serveFolder(folder: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const file = path.join(folder, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(folder)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}

/** What one read gives the eval. */
export interface BrowserRead {
  read: PageRead;
  /** Text of extra HTML (the reference article, the raw source) through the same serializer. */
  texts: string[];
}

/**
 * Opens `localUrl` (or `pretendUrl`, answered with the loopback page) and runs the reader.
 * Every request that is not to the loopback server is aborted: the eval never leaves the machine.
 */
export async function readInBrowser(
  browser: Browser,
  bundle: string,
  localUrl: string,
  options: { pretendUrl?: string; alsoText?: string[] } = {},
): Promise<BrowserRead> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const loopback = new URL(localUrl).origin;
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (options.pretendUrl && url === options.pretendUrl) {
        return route.fulfill({ response: await route.fetch({ url: localUrl }) });
      }
      return url.startsWith(`${loopback}/`) ? route.continue() : route.abort();
    });
    await page.goto(options.pretendUrl ?? localUrl, { waitUntil: 'load', timeout: 60_000 });
    // A person reads a page that has been painted: let the page's own first layout finish
    // (two frames) so it is not counted as the reader's main-thread time.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.evaluate(bundle);
    const snapshot = await page.evaluate('globalThis.__hearthSnapshot()');
    // Readability in a page of its own (the extension's offscreen document in the product).
    const extension = await context.newPage();
    await extension.evaluate(bundle);
    const read = (await extension.evaluate(
      (s) => (globalThis as unknown as { __hearthArticle(x: unknown): PageRead }).__hearthArticle(s),
      snapshot,
    )) as PageRead;
    await extension.close();
    const texts: string[] = [];
    for (const html of options.alsoText ?? []) {
      texts.push(
        (await page.evaluate(
          ([h]) => (globalThis as unknown as { __hearthBlockText(x: string): string }).__hearthBlockText(h!),
          [html],
        )) as string,
      );
    }
    return { read, texts };
  } finally {
    await context.close();
  }
}
