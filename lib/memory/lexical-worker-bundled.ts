/**
 * Starts the memory worker (lexical/lexical-worker.ts) in the built extension, the way
 * embedders-bundled-worker.ts starts the embedder (Vite's `?worker&url`, see there why).
 * Browser-only: Node and tests use createLocalLexicalBackend.
 */
import lexicalWorkerUrl from './lexical/lexical-worker?worker&url';
import type { LexicalBackend } from './lexical/lexical-backend';
import { createWorkerLexicalBackend } from './lexical/lexical-worker-client';

export function spawnLexicalWorker(): LexicalBackend {
  const worker = new Worker(lexicalWorkerUrl, { type: 'module', name: 'hearth-memory' });
  return createWorkerLexicalBackend(worker, () => worker.terminate());
}
