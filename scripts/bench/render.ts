/**
 * render: the Markdown work the side panel does for replies, in headless Chromium (the
 * browser's own DOM and DOMPurify, as in the panel), before and after incremental rendering:
 *  - a 1 MB reply streamed in 64 updates (one per 16 KB, as network reads arrive): rendered
 *    whole and set as innerHTML on every update (before), or with lib/chat/markdown-stream.ts,
 *    finished blocks once and the last block again (after). `sameHtml` checks both end alike.
 *  - opening a stored 30 MB reply: rendered whole (before) or its preview of PREVIEW_CHARS
 *    (after; components/chat/MarkdownBody.tsx shows it collapsed with "Show all").
 * `charsRendered*` count the Markdown source handed to the renderer, whatever the machine.
 * Run: npx tsx scripts/bench/render.ts [replyKb=1024] [updates=64] [storedKb=30720]
 */
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../../test/e2e/fixtures';

const [replyKb = 1024, updates = 64, storedKb = 30 * 1024] = process.argv.slice(2).map(Number);

const bundle = await build({
  entryPoints: [new URL('./render-page.ts', import.meta.url).pathname],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'error',
});
const browser = await chromium.launch({ executablePath: chromiumExecutable(), headless: true });
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="host"></div></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const render = await page.evaluate(
    ([a, b, c]) =>
      (
        globalThis as unknown as { runRenderBench: (a: number, b: number, c: number) => unknown }
      ).runRenderBench(a, b, c),
    [replyKb, updates, storedKb] as const,
  );
  console.log(JSON.stringify({ render }));
} finally {
  await browser.close();
}
