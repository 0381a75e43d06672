/**
 * Starts embed-worker.ts in the built extension: the only way to start it. Not
 * `new Worker(new URL('./embed-worker.ts', import.meta.url))`: WXT defines `import.meta.url`
 * as `self.location.href` in every bundle, which hides that pattern from Vite and leaves the
 * worker unbundled (https://github.com/wxt-dev/wxt/issues/2032; the web-llm engine works
 * around it the same way). Vite's `?worker&url` import emits the worker as its own file.
 * Browser-only: Node tests pass their own transport.
 */
import embedWorkerUrl from './embedders/embed-worker?worker&url';
import type { EmbedTransport } from './embedders/embed-protocol';
import { workerTransport } from './embedders/transformers-embedder';

export function spawnBundledEmbedWorker(): EmbedTransport {
  return workerTransport(new Worker(embedWorkerUrl, { type: 'module', name: 'hearth-embedder' }));
}
