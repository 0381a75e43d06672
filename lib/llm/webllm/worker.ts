/**
 * The dedicated Web Worker that runs web-llm, so inference never blocks the side panel's
 * main thread. engine.ts starts it with `new Worker(new URL('./worker.ts', import.meta.url))`
 * and Vite bundles it, web-llm included, as its own file.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();

// The handler answers on the worker's global postMessage; every request comes in here.
self.onmessage = (event: MessageEvent) => {
  handler.onmessage(event);
};
