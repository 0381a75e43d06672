// Calls one exported benchmark function in a process of its own and prints its result as JSON
// on the last line: `npx tsx scripts/bench/run-export.ts scripts/bench/prompt.ts benchPromptAssembly`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulePath, exportName] = process.argv.slice(2);
if (!modulePath || !exportName) throw new Error('usage: run-export.ts <module> <exported function>');
const loaded = (await import(pathToFileURL(path.resolve(modulePath)).href)) as Record<string, unknown>;
const run = loaded[exportName];
if (typeof run !== 'function') throw new Error(`${modulePath} exports no function named ${exportName}`);
console.log(JSON.stringify(await (run as () => unknown)()));
