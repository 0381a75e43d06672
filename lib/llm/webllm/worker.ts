/**
 * The dedicated Web Worker that runs web-llm, so inference never blocks the side panel's
 * main thread. engine.ts starts it (Vite bundles it, web-llm included, as its own file: the
 * only copy of web-llm in the build) and talks to it over worker-protocol.ts.
 */
import { MLCEngine, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { createWorkerHandler } from './worker-handler';

// The Cache API backend is the one cache.ts knows how to list and delete.
const appConfig = { ...prebuiltAppConfig, cacheBackend: 'cache' as const };

// One engine for the worker's life; load reports go to whichever reload the handler is running.
let relayProgress: (report: { progress: number; text: string }) => void = () => {};
const engine = new MLCEngine({ appConfig, initProgressCallback: (report) => relayProgress(report) });
const handle = createWorkerHandler((onProgress) => {
  relayProgress = onProgress;
  return engine;
}, self);

self.onmessage = (event: MessageEvent) => handle(event.data);
