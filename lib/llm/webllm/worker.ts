/**
 * The dedicated Web Worker that runs web-llm, so inference never blocks the side panel's
 * main thread. engine.ts starts it with `new Worker(new URL('./worker.ts', import.meta.url))`
 * and Vite bundles it, web-llm included, as its own file.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { countWithEngine, isCountRequest } from './token-count';

const handler = new WebWorkerMLCEngineHandler();

// The handler answers on the worker's global postMessage; every request comes in here.
// Token counts (ours, not web-llm's) are answered on the port that came with the request.
self.onmessage = (event: MessageEvent) => {
  if (isCountRequest(event.data)) {
    let count: number | null = null;
    try {
      count = countWithEngine(handler.engine, event.data.text);
    } catch {
      count = null;
    }
    event.ports[0]?.postMessage(count);
    return;
  }
  handler.onmessage(event);
};
