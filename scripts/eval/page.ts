/**
 * `npm run eval -- page <file.html> [--url https://example.com/x]`: the page reader's view of
 * one page (shared/eval/FORMAT.md §3), read by the real content script in headless Chromium
 * from 127.0.0.1.
 *
 * `npm run eval -- page <folder>` (for example ../shared/eval/pages): every `<name>/source.html`
 * in it, scored by token F1 of `text` against the text of `<name>/expected.html` (Readability's
 * own expected article), beside the F1 of all the page's text with no visibility rules and no
 * Readability (the tag-stripping baseline), plus what reading cost the page's main thread.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pagePromptBlock, randomBoundary } from '../../lib/context/extract/prompt-block';
import { UsageError } from './memory';
import { bundleReader, launchChromium, readInBrowser, serveFolder } from './page-browser';
import { readText } from './read-text';
import { tokenF1 } from './token-f1';

/** The figures of a folder of pages. */
export interface PageSuiteSummary {
  suite: 'page';
  pages: number;
  meanF1: number;
  baselineMeanF1: number;
  worst: { page: string; f1: number; chars: number; expectedChars: number }[];
  longestTaskMs: { p50: number; p95: number; max: number };
  walkLongestSliceMs: { p50: number; p95: number; max: number };
  readabilityMs: { p50: number; p95: number; max: number };
  mainThreadMs: { p50: number; p95: number; max: number };
  hiddenCharsDropped: number;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The nearest-rank percentile of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const spread = (values: number[]) => ({
  p50: round(percentile(values, 50), 2),
  p95: round(percentile(values, 95), 2),
  max: round(Math.max(0, ...values), 2),
});

function parseArgs(args: string[]): { target: string; url?: string } {
  let target: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--url') {
      url = args[++i];
      if (!url || !/^https?:\/\//.test(url)) throw new UsageError('--url needs an http(s) address');
    } else if (args[i]!.startsWith('--')) throw new UsageError(`unknown option ${args[i]}`);
    else if (target) throw new UsageError('page takes one file or folder');
    else target = args[i];
  }
  if (!target) throw new UsageError('usage: npm run eval -- page <file.html | folder> [--url https://…]');
  if (!existsSync(target)) throw new UsageError(`cannot read ${target}: no such file or folder`);
  return { target: path.resolve(target), url };
}

async function onePage(file: string, url: string | undefined): Promise<void> {
  await readText(file); // a clear usage error for an unreadable file, before a browser starts
  const [bundle, browser, server] = await Promise.all([
    bundleReader(),
    launchChromium(),
    serveFolder(path.dirname(file)),
  ]);
  try {
    const local = `${server.origin}/${encodeURIComponent(path.basename(file))}`;
    const { read } = await readInBrowser(browser, bundle, local, { pretendUrl: url });
    const promptBlock = pagePromptBlock(read, { makeBoundary: () => randomBoundary() });
    console.log(
      `hidden characters by reason: ${JSON.stringify(read.hiddenByReason)}; ` +
        `main thread: longest task ${round(read.cost.longestTaskMs, 2)} ms of ${round(read.cost.totalMs, 2)} ms in ${read.cost.tasks} tasks (longest walk slice ${round(read.cost.walkLongestMs, 2)} ms, Readability ${round(read.cost.readabilityMs, 2)} ms)`,
    );
    console.log(
      JSON.stringify({
        suite: 'page',
        url: read.url,
        title: read.title,
        headings: read.headings,
        text: read.text,
        chars: read.chars,
        truncated: read.truncated,
        hiddenCharsDropped: read.hiddenCharsDropped,
        promptBlock,
      }),
    );
  } finally {
    await Promise.all([browser.close(), server.close()]);
  }
}

async function folderOfPages(folder: string): Promise<void> {
  const names = (await readdir(folder))
    .filter(
      (name) =>
        existsSync(path.join(folder, name, 'source.html')) &&
        existsSync(path.join(folder, name, 'expected.html')),
    )
    .sort();
  if (names.length === 0) throw new UsageError(`${folder} has no <name>/source.html with expected.html`);
  const [bundle, browser, server] = await Promise.all([
    bundleReader(),
    launchChromium(),
    serveFolder(folder),
  ]);
  const rows: { page: string; f1: number; baseline: number; chars: number; expectedChars: number }[] = [];
  const longest: number[] = [];
  const readability: number[] = [];
  const walkLongest: number[] = [];
  const total: number[] = [];
  let hidden = 0;
  try {
    for (const name of names) {
      const expected = await readText(path.join(folder, name, 'expected.html'));
      const source = await readText(path.join(folder, name, 'source.html'));
      const { read, texts } = await readInBrowser(browser, bundle, `${server.origin}/${name}/source.html`, {
        alsoText: [expected, source],
      });
      const [expectedText, allText] = texts as [string, string];
      const row = {
        page: name,
        f1: tokenF1(read.text, expectedText),
        baseline: tokenF1(allText, expectedText),
        chars: read.chars,
        expectedChars: expectedText.length,
      };
      rows.push(row);
      longest.push(read.cost.longestTaskMs);
      readability.push(read.cost.readabilityMs);
      walkLongest.push(read.cost.walkLongestMs);
      total.push(read.cost.totalMs);
      hidden += read.hiddenCharsDropped;
      console.log(
        `${name}: F1 ${round(row.f1)} (all text ${round(row.baseline)}), ${row.chars} of ${row.expectedChars} chars, ` +
          `hidden ${read.hiddenCharsDropped}, longest page task ${round(read.cost.walkLongestMs, 1)} ms, Readability ${round(read.cost.readabilityMs, 1)} ms (off the page)`,
      );
    }
  } finally {
    await Promise.all([browser.close(), server.close()]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary: PageSuiteSummary = {
    suite: 'page',
    pages: rows.length,
    meanF1: round(mean(rows.map((r) => r.f1))),
    baselineMeanF1: round(mean(rows.map((r) => r.baseline))),
    worst: [...rows]
      .sort((a, b) => a.f1 - b.f1)
      .slice(0, 5)
      .map(({ page, f1, chars, expectedChars }) => ({ page, f1: round(f1), chars, expectedChars })),
    longestTaskMs: spread(longest),
    walkLongestSliceMs: spread(walkLongest),
    readabilityMs: spread(readability),
    mainThreadMs: spread(total),
    hiddenCharsDropped: hidden,
  };
  console.log(JSON.stringify(summary));
}

/** Entry point of the `page` suite. */
export async function main(args: string[]): Promise<void> {
  const { target, url } = parseArgs(args);
  if (statSync(target).isDirectory()) {
    if (url) throw new UsageError('--url applies to one page, not a folder');
    await folderOfPages(target);
  } else await onePage(target, url);
}
