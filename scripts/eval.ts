/**
 * `npm run eval -- <suite> <files…>`: runs the project's real code on evaluation data and
 * prints one JSON object on the last line of standard output (see shared/eval/FORMAT.md).
 */
const SUITES: Record<string, () => Promise<{ main(args: string[]): Promise<void | number> }>> = {
  memory: () => import('./eval/memory'),
  emotion: () => import('./eval/emotion'),
  vad: () => import('./eval/vad'),
  card: () => import('./eval/card'),
  page: () => import('./eval/page'),
};
const PLANNED = new Set<string>([]);

async function run(argv: string[]): Promise<number> {
  const [suite, ...args] = argv;
  if (suite && SUITES[suite]) {
    // A suite may return its exit code (card does: it prints its JSON line on failure too).
    const code = await (await SUITES[suite]()).main(args);
    return typeof code === 'number' ? code : 0;
  }
  if (suite && PLANNED.has(suite)) {
    console.error(`eval: the '${suite}' suite is not implemented yet.`);
    return 2;
  }
  console.error(
    `usage: npm run eval -- <suite> <files…>\n  suites: memory, emotion, vad, card, page\n  ${
      suite ? `unknown suite '${suite}'` : 'no suite given'
    }`,
  );
  return 2;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Error && error.name === 'UsageError') {
      console.error(`eval: ${error.message}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
