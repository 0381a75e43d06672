import { readFile } from 'node:fs/promises';
import { UsageError } from './memory';

/** Reads a data file named on the command line; a missing or unreadable one is a usage error. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
