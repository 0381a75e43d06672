/**
 * The embed handler's edges, made of transformers.js: `pipeline('feature-extraction')` for
 * loading (download, Cache API, ONNX session) and `navigator.gpu` for the WebGPU probe. The
 * same code runs in the extension's worker (onnxruntime-web) and in Node tests
 * (onnxruntime-node, whose CPU binary ships inside its npm package).
 */
import { env, pipeline } from '@huggingface/transformers';
import type { GpuProbe } from './catalog';
import type { EmbedHandlerDeps, Extractor, LoadPlan } from './embed-handler';

/** The library's own default hub ('https://huggingface.co/'), read before anything changes it. */
export const DEFAULT_REMOTE_HOST = env.remoteHost;

/** Where transformers.js may look for files; unset fields keep the library's defaults. */
export interface TransformersSources {
  /** Directory (Node) or URL path holding `{modelId}/config.json` etc. */
  localModelPath?: string;
  allowLocalModels?: boolean;
  allowRemoteModels?: boolean;
  /** Cache API in browsers (`env.cacheKey`, 'transformers-cache'). */
  useBrowserCache?: boolean;
  /** File cache in Node (`env.cacheDir`). */
  useFSCache?: boolean;
  cacheDir?: string;
}

/** Builds the handler's dependencies on transformers.js. */
export function createTransformersDeps(sources: TransformersSources = {}): EmbedHandlerDeps {
  return {
    async loadExtractor(plan: LoadPlan, onProgress): Promise<Extractor> {
      applySources(sources, plan.remoteHost);
      const extractor = await pipeline('feature-extraction', plan.modelId, {
        device: plan.device,
        dtype: plan.dtype,
        progress_callback: onProgress,
      });
      return {
        async run(texts) {
          const output = await extractor(texts, { pooling: plan.pooling, normalize: plan.normalize });
          if (!(output.data instanceof Float32Array)) {
            throw new Error(`Expected float32 embeddings, got ${output.type}.`);
          }
          return { data: output.data, dims: output.dims };
        },
        dispose: () => extractor.dispose(),
      };
    },
    probeGpu,
  };
}

function applySources(sources: TransformersSources, remoteHost: string | undefined): void {
  // env is global to the library; one worker loads one model at a time, so setting it per load is safe.
  env.remoteHost = remoteHost ?? DEFAULT_REMOTE_HOST;
  if (sources.localModelPath !== undefined) env.localModelPath = sources.localModelPath;
  if (sources.allowLocalModels !== undefined) env.allowLocalModels = sources.allowLocalModels;
  if (sources.allowRemoteModels !== undefined) env.allowRemoteModels = sources.allowRemoteModels;
  if (sources.useBrowserCache !== undefined) env.useBrowserCache = sources.useBrowserCache;
  if (sources.useFSCache !== undefined) env.useFSCache = sources.useFSCache;
  if (sources.cacheDir !== undefined) env.cacheDir = sources.cacheDir;
}

/** The part of `navigator.gpu` the probe reads (WebGPU types are not in TypeScript's DOM lib). */
interface GpuLike {
  requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } } | null>;
}

/** Asks for a WebGPU adapter; null when there is none (no API, blocked GPU, Node). */
export async function probeGpu(): Promise<GpuProbe | null> {
  const gpu = typeof navigator === 'undefined' ? undefined : (navigator as { gpu?: GpuLike }).gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  // Chromium moved the flag from the adapter to `adapter.info`; read both.
  return { isFallbackAdapter: adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false };
}

/**
 * Points onnxruntime-web at WebAssembly files shipped inside the extension. Without this,
 * transformers.js fetches them from cdn.jsdelivr.net, which an extension must not do (and
 * Hearth's CSP forbids). The Cache API copy of them (`useWasmCache`) is turned off too: the
 * files are already local, and that path imports the factory from a blob: URL, which the
 * extension's CSP (script-src 'self') refuses inside a worker.
 */
export function configureBundledOnnxWasm(urls: { wasm: string; mjs: string }): void {
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new Error('onnxruntime-web is not the active backend.');
  wasm.wasmPaths = { wasm: urls.wasm, mjs: urls.mjs };
}
