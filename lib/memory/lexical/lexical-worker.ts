/**
 * The panel's memory worker: reads every memory from IndexedDB and builds the keyword index
 * here, off the panel's main thread, then answers searches (lexical-serve.ts). Started by
 * lexical-worker-bundled.ts; all logic lives in the files it wires together.
 */
import { openHearthDb } from '../../db/open';
import { createMemoryManagerService } from '../memory-manager-service';
import { createLocalLexicalBackend } from './lexical-backend';
import type { LexicalPort } from './lexical-protocol';
import { serveLexical } from './lexical-serve';

const db = openHearthDb();
// Read in pages of getAll, not record by record through a cursor: at 50,000 memories a
// cursor's round trip per record costs seconds.
const backend = createLocalLexicalBackend(async () => createMemoryManagerService(await db).loadAll());
serveLexical(self as unknown as LexicalPort, backend);
