/**
 * The dedicated Web Worker that runs web-llm, so inference never blocks the side panel's
 * main thread. engine.ts starts it (Vite bundles it, web-llm included, as its own file: the
 * only copy of web-llm in the build) and talks to it over worker-protocol.ts.
 */
import { MLCEngine, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { createWorkerHandler } from './worker-handler';

// The Cache API backend is the one cache.ts knows how to list and delete.
const appConfig = { ...prebuiltAppConfig, cacheBackend: 'cache' as const };

const handle = createWorkerHandler(
  (onProgress) => new MLCEngine({ appConfig, initProgressCallback: onProgress }),
  self,
);

self.onmessage = (event: MessageEvent) => handle(event.data);
