/**
 * The panel's memory worker: reads every memory from IndexedDB and builds the keyword index
 * here, off the panel's main thread, then answers searches (lexical-serve.ts). Started by
 * lexical-worker-bundled.ts; all logic lives in the files it wires together.
 */
import { openHearthDb } from '../../db/open';
import { createMemoryStore } from '../memory-store';
import { createLocalLexicalBackend } from './lexical-backend';
import type { LexicalPort } from './lexical-protocol';
import { serveLexical } from './lexical-serve';

const db = openHearthDb();
const backend = createLocalLexicalBackend(async () =>
  createMemoryStore(await db).list({ includeSuperseded: true }),
);
serveLexical(self as unknown as LexicalPort, backend);
