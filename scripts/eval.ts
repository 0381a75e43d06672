/**
 * `npm run eval -- <suite> <files…>`: runs the project's real code on evaluation data and
 * prints one JSON object on the last line of standard output (see shared/eval/FORMAT.md).
 */
const SUITES: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  memory: () => import('./eval/memory'),
  emotion: () => import('./eval/emotion'),
  vad: () => import('./eval/vad'),
  page: () => import('./eval/page'),
};
const PLANNED = new Set<string>([]);

async function run(argv: string[]): Promise<number> {
  const [suite, ...args] = argv;
  if (suite && SUITES[suite]) {
    await (await SUITES[suite]()).main(args);
    return 0;
  }
  if (suite && PLANNED.has(suite)) {
    console.error(`eval: the '${suite}' suite is not implemented yet.`);
    return 2;
  }
  console.error(
    `usage: npm run eval -- <suite> <files…>\n  suites: memory, emotion, vad, page\n  ${
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
