/**
 * The dedicated Web Worker that runs the embedding model, so inference never blocks the
 * side panel's main thread. transformers-embedder.ts starts it with
 * `new Worker(new URL('./embed-worker.ts', import.meta.url), { type: 'module' })`; Vite
 * bundles it, transformers.js and onnxruntime-web included, as its own file. All logic lives
 * in embed-handler.ts; this file only wires it to the worker's messages.
 */
// `?url`: Vite emits these two onnxruntime-web files with the extension (hashed names, same
// version as the JS that loads them) and hands back their URLs; nothing is fetched from a CDN.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { createEmbedRequestHandler } from './embed-handler';
import { createTransformersDeps, configureBundledOnnxWasm } from './transformers-pipeline';

configureBundledOnnxWasm({
  wasm: new URL(ortWasmUrl, import.meta.url).href,
  mjs: new URL(ortFactoryUrl, import.meta.url).href,
});

// Models come from the (configurable) hub and are kept in the Cache API; never from the
// extension's own files.
const handle = createEmbedRequestHandler(
  createTransformersDeps({ allowLocalModels: false, useBrowserCache: true }),
);

self.onmessage = (event: MessageEvent) => {
  void handle(event.data, (response, transfer) => self.postMessage(response, { transfer: transfer ?? [] }));
};
