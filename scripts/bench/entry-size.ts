// Initial download of each entry, gzipped: what a context must load before it runs.
// Run by scripts/bench.mjs after a build: `npx tsx scripts/bench/entry-size.ts`; prints a
// breakdown, then `{ "entryKbGz": { sidepanel, options, background, content } }` on its last line.
//
// Method
// - HTML entries (sidepanel, options): the page's <script type="module" src>, its
//   <link rel="modulepreload"> and <link rel="stylesheet"> hrefs, then every chunk those JS
//   files import statically, transitively.
// - background: background.js (an ES module worker) and its static imports, transitively.
// - content: content-scripts/page.js (an IIFE, no imports) and content-scripts/page.css if any.
// - Static imports are the `import … from`, `import '…'` and `export … from` declarations of the
//   built chunks, read with the TypeScript parser. Dynamic `import()` and
//   `new Worker(new URL(…))` are not declarations, so lazily loaded chunks and web workers
//   (the engines) are left out, as is CSS that only lazy chunks load.
// - Each file is gzipped on its own (zlib level 9) and the sizes are summed, the way a
//   per-request transfer would be counted. kB = 1000 bytes, two decimals.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

const OUT = fileURLToPath(new URL('../../.output/chrome-mv3/', import.meta.url));

/** The entries measured and the file each starts from, relative to the extension root. */
const ENTRIES = {
  sidepanel: 'sidepanel.html',
  options: 'options.html',
  background: 'background.js',
  content: 'content-scripts/page.js',
} as const;

type EntryName = keyof typeof ENTRIES;

/** Absolute path of a URL found in `fromFile` ('/chunks/a.js' is rooted at the extension). */
function resolveUrl(fromFile: string, url: string): string {
  const clean = url.split(/[?#]/)[0]!;
  return clean.startsWith('/') ? path.join(OUT, clean) : path.resolve(path.dirname(fromFile), clean);
}

function htmlDependencies(htmlFile: string): string[] {
  const html = fs.readFileSync(htmlFile, 'utf8');
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string): string | undefined =>
      new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    if (/^<script/i.test(tag)) {
      const src = attr('src');
      if (src && attr('type') === 'module') found.push(resolveUrl(htmlFile, src));
    } else {
      const rel = attr('rel');
      const href = attr('href');
      if (href && (rel === 'modulepreload' || rel === 'stylesheet')) found.push(resolveUrl(htmlFile, href));
    }
  }
  return found;
}

function staticImports(jsFile: string): string[] {
  const source = ts.createSourceFile(jsFile, fs.readFileSync(jsFile, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      found.push(resolveUrl(jsFile, statement.moduleSpecifier.text));
    }
  }
  return found;
}

/** Every file loaded before the entry runs: the start files and their static imports. */
function initialFiles(entry: EntryName): string[] {
  const start = path.join(OUT, ENTRIES[entry]);
  const queue = start.endsWith('.html') ? htmlDependencies(start) : [start];
  if (entry === 'content') queue.push(start.replace(/\.js$/, '.css'));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || !fs.existsSync(file)) continue;
    seen.add(file);
    if (file.endsWith('.js')) queue.push(...staticImports(file));
  }
  return [...seen];
}

const gzipBytes = (file: string): number => gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kB = (bytes: number): number => Math.round(bytes / 10) / 100;

if (!fs.existsSync(path.join(OUT, 'manifest.json'))) {
  throw new Error(`No build at ${OUT}: run \`npx wxt build\` first.`);
}
const entryKbGz = {} as Record<EntryName, number>;
for (const entry of Object.keys(ENTRIES) as EntryName[]) {
  const files = initialFiles(entry).map((file) => ({ file: path.relative(OUT, file), gz: gzipBytes(file) }));
  entryKbGz[entry] = kB(files.reduce((sum, f) => sum + f.gz, 0));
  console.log(`${entry}: ${entryKbGz[entry]} kB gz`);
  for (const f of files) console.log(`  ${f.file} ${kB(f.gz)} kB gz`);
}
console.log(JSON.stringify({ entryKbGz }));
