/**
 * The web-llm engine: the model runs in a dedicated Web Worker (worker.ts) so the side
 * panel's main thread never blocks. Only the worker imports web-llm; this side sends it
 * Hearth's own messages (worker-protocol.ts), so the large runtime is bundled once.
 */
import type { Availability, ChatEngine, GenerateOptions, LoadOptions, PromptMessage } from '../engine';
import type { EngineErrorCode } from '../errors';
import { EngineError, isAbort } from '../errors';
import { aborted, classifyWebLlmError, createProgressMapper } from './translate';
import type { CachedModel, CacheStorageLike } from './cache';
import { deleteCachedModel, listCachedModels } from './cache';
import type { DeviceCatalog, ModelRecordLike, Recommendation, WebLlmModelInfo } from './catalog';
import { DEFAULT_CONTEXT_WINDOW, filterForDevice, recommendModel, toCatalog } from './catalog';
import type { GpuStatus } from './webgpu';
import { describeGpu, detectWebGpu } from './webgpu';
import { estimateTokens } from '../token-estimate';

export { classifyWebLlmError, createProgressMapper } from './translate';

/** One streamed chunk, as much of web-llm's ChatCompletionChunk as we read. */
interface ChunkLike {
  choices: Array<{ delta?: { content?: string | null } }>;
}

/** What the engine drives in the worker (worker-client.ts implements it over worker-protocol.ts). */
export interface MlcClient {
  reload(modelId: string): Promise<void>;
  interruptGenerate(): void;
  /** Tokens `text` takes in the loaded model, or null when the worker cannot tell (no model, no tokenizer, no answer). */
  countTokens(text: string): Promise<number | null>;
  chat: {
    completions: {
      create(request: {
        stream: true;
        messages: PromptMessage[];
        temperature?: number;
        max_tokens?: number;
        /** web-llm takes the JSON Schema as a string and constrains decoding to it. */
        response_format?: { type: 'json_object'; schema?: string };
      }): Promise<AsyncIterable<ChunkLike>>;
    };
  };
}

/** The worker as the engine sees it (a real `Worker` fits). */
export interface WorkerLike {
  terminate(): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

/** The model list and the worker client, loaded lazily; tests pass a fake. */
export interface WebLlmBindings {
  modelList: readonly ModelRecordLike[];
  createClient(
    worker: WorkerLike,
    onProgress: (report: { progress: number; text: string }) => void,
  ): MlcClient;
}

/** Seams for tests; every field defaults to the real browser thing. */
export interface WebLlmEngineOptions {
  loadBindings?: () => Promise<WebLlmBindings>;
  createWorker?: () => WorkerLike | Promise<WorkerLike>;
  detectGpu?: () => Promise<GpuStatus>;
  caches?: () => CacheStorageLike;
}

/** The catalog screen's data in one call: adapter, filtered models, notice and recommendation. */
export type WebLlmCatalog = DeviceCatalog & { gpu: GpuStatus; recommendation: Recommendation };

/** ChatEngine plus the model management the settings screen needs. */
export interface WebLlmEngine extends ChatEngine {
  gpuStatus(): Promise<GpuStatus>;
  catalog(): Promise<WebLlmCatalog>;
  cachedModels(): Promise<CachedModel[]>;
  deleteModel(modelId: string): Promise<void>;
}

interface Session {
  worker: WorkerLike;
  client: MlcClient;
  /** Where the worker's load reports go for the load in progress. */
  relay: { progress: (report: { progress: number; text: string }) => void };
  /** Rejects when the worker dies or is terminated, so nothing waits on it forever. */
  ended: Promise<never>;
  end(error: EngineError): void;
}

const NO_CACHES: CacheStorageLike = {
  has: async () => false,
  open: async () => Promise.reject(new Error('no caches')),
};

/** Creates the web-llm ChatEngine (kind 'webllm'). */
export function createWebLlmEngine(options: WebLlmEngineOptions = {}): WebLlmEngine {
  const detectGpu = options.detectGpu ?? (() => detectWebGpu());
  const loadBindings = options.loadBindings ?? loadWebLlm;
  const createWorker = options.createWorker ?? startWorker;
  const cacheStorage = options.caches ?? (() => (typeof caches === 'undefined' ? NO_CACHES : caches));
  let session: Session | null = null;
  let loaded: { id: string; contextWindow: number } | null = null;
  let generation = 0; // bumped by every load(): a load that sees another number was superseded
  let activeLoad = 0;

  const models = async () => toCatalog((await loadBindings()).modelList);

  function reset(): void {
    session?.end(aborted());
    session?.worker.terminate(); // frees the GPU device and stops downloads at once
    session = null;
    loaded = null;
  }

  async function startSession(bindings: WebLlmBindings): Promise<Session> {
    const worker = await createWorker();
    const relay: Session['relay'] = { progress: () => {} };
    let end: (error: EngineError) => void = () => {};
    const ended = new Promise<never>((_, reject) => (end = reject));
    ended.catch(() => {}); // observed by whoever races it; no unhandled rejection otherwise
    const started: Session = {
      worker,
      relay,
      ended,
      end,
      client: bindings.createClient(worker, (r) => relay.progress(r)),
    };
    worker.addEventListener('error', (event) => {
      started.end(classifyWebLlmError(event.message ?? 'The worker stopped.'));
      if (session === started) reset();
    });
    return started;
  }

  async function catalog(): Promise<WebLlmCatalog> {
    const [gpu, all] = await Promise.all([detectGpu(), models()]);
    const cached = new Set(
      // Only a complete download counts: a partial one still needs the network to load.
      (await listCachedModels(cacheStorage(), all)).flatMap((c) =>
        c.complete ? [c.id, ...c.sharedWith] : [],
      ),
    );
    const marked = all.map((m) => ({ ...m, cached: cached.has(m.id) }));
    return { ...filterForDevice(marked, gpu), gpu, recommendation: recommendModel(marked, gpu) };
  }

  return {
    kind: 'webllm',
    gpuStatus: detectGpu,
    catalog,
    listModels: async () => (await catalog()).models,
    cachedModels: async () => listCachedModels(cacheStorage(), await models()),

    async availability(): Promise<Availability> {
      const gpu = await detectGpu();
      if (gpu.kind === 'none') return { available: false, reason: gpu.reason };
      return gpu.kind === 'fallback' ? { available: true, note: describeGpu(gpu) } : { available: true };
    },

    async deleteModel(modelId) {
      const all = await models();
      const model = all.find((m) => m.id === modelId);
      if (!model) throw unknownModel();
      await deleteCachedModel(cacheStorage(), model, all);
    },

    async load(modelId: string, { signal, onProgress }: LoadOptions = {}) {
      const ticket = ++generation;
      if (activeLoad) reset(); // the newest request wins; the older load rejects with 'aborted'
      activeLoad = ticket;
      const current = () => {
        if (signal?.aborted || ticket !== generation) throw aborted();
      };
      try {
        current();
        const gpu = await detectGpu();
        if (gpu.kind === 'none') throw new EngineError('no-webgpu', gpu.reason);
        const bindings = await loadBindings();
        const model = checkModel(toCatalog(bindings.modelList), modelId, gpu);
        current();
        let active = session;
        if (!active) {
          const started = await startSession(bindings);
          if (ticket !== generation || signal?.aborted) started.worker.terminate(); // cancelled while starting
          current();
          active = session = started;
        }
        loaded = null;
        const mapProgress = createProgressMapper();
        active.relay.progress = (report) => onProgress?.(mapProgress(report));
        try {
          await race(active.client.reload(modelId), signal, active.ended);
          // web-llm resolves reload() quietly when its own abort fires; don't report that as loaded.
          current();
        } catch (error) {
          // A failed load leaves the worker in an unknown state: start clean next time.
          if (session === active) reset();
          throw error;
        } finally {
          active.relay.progress = () => {};
        }
        loaded = { id: modelId, contextWindow: model.contextWindow };
      } catch (error) {
        throw signal?.aborted || ticket !== generation ? aborted() : classifyWebLlmError(error);
      } finally {
        if (activeLoad === ticket) activeLoad = 0;
      }
    },

    loadedModel: () => loaded?.id ?? null,
    contextWindow: () => loaded?.contextWindow ?? DEFAULT_CONTEXT_WINDOW,

    async countTokens(text: string) {
      const active = session;
      if (!active || !loaded) return estimateTokens(text);
      // A worker that dies meanwhile ends the wait; any failure falls back to the estimate.
      const count = await race(active.client.countTokens(text), undefined, active.ended).catch(() => null);
      return count ?? estimateTokens(text);
    },

    async *stream(messages: PromptMessage[], { signal, temperature, maxTokens, json }: GenerateOptions = {}) {
      const active = session;
      if (!active || !loaded) {
        throw new EngineError(
          'not-loaded',
          'No local model is loaded yet. Pick one under Engines in the settings.',
        );
      }
      if (signal?.aborted) throw aborted();
      const interrupt = () => active.client.interruptGenerate();
      signal?.addEventListener('abort', interrupt, { once: true });
      let iterator: AsyncIterator<ChunkLike> | undefined;
      let finished = false;
      try {
        const request = {
          stream: true as const,
          messages,
          ...(temperature !== undefined ? { temperature } : {}),
          ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
          ...(json
            ? {
                response_format: {
                  type: 'json_object' as const,
                  ...(json !== true && { schema: JSON.stringify(json.schema) }),
                },
              }
            : {}),
        };
        const chunks = await race(active.client.chat.completions.create(request), signal, active.ended);
        iterator = chunks[Symbol.asyncIterator]();
        for (;;) {
          const next = await race(iterator.next(), signal, active.ended);
          if (next.done) break;
          const text = next.value.choices[0]?.delta?.content;
          if (text) yield text;
        }
        // An interrupted generation ends like a finished one; the caller asked to stop.
        if (signal?.aborted) throw aborted();
        finished = true;
      } catch (error) {
        if (signal?.aborted || isAbort(error)) throw aborted();
        const engineError = classifyWebLlmError(error);
        // After device loss web-llm has unloaded the model: reset so the next load() starts clean.
        if (RESET_CODES.has(engineError.code) && session === active) reset();
        throw engineError;
      } finally {
        signal?.removeEventListener('abort', interrupt);
        if (!finished && session === active) {
          // Stopped early (abort, error or the caller broke off): stop decoding and release
          // the worker-side generator, which holds web-llm's per-model lock until closed.
          active.client.interruptGenerate();
          void iterator?.return?.().catch(() => {});
        }
      }
    },

    async unload() {
      generation++; // a load in progress is cancelled too
      reset();
    },
  };
}

const RESET_CODES = new Set<EngineErrorCode>(['device-lost', 'not-loaded', 'out-of-memory']);

function checkModel(all: WebLlmModelInfo[], modelId: string, gpu: GpuStatus): WebLlmModelInfo {
  const model = all.find((m) => m.id === modelId);
  if (!model) throw unknownModel();
  const verdict = filterForDevice([model], gpu).models[0];
  if (!verdict) {
    throw new EngineError(
      'unsupported-model',
      'This model needs 16-bit float shaders, which this graphics adapter lacks. Pick one of the models listed for this device.',
    );
  }
  if (verdict.unsupportedReason) throw new EngineError('unsupported-model', verdict.unsupportedReason);
  return model;
}

/**
 * Starts worker.ts. Not `new Worker(new URL('./worker.ts', import.meta.url))`: WXT defines
 * `import.meta.url` as `self.location.href` in every bundle, which hides that pattern from
 * Vite and leaves the worker unbundled (https://github.com/wxt-dev/wxt/issues/2032). Vite's
 * `?worker&url` import emits worker.ts, web-llm included, as its own file.
 */
async function startWorker(): Promise<WorkerLike> {
  const { default: url } = await import('./worker?worker&url');
  return new Worker(url, { type: 'module' });
}

/**
 * The page's side of web-llm, without web-llm: the model list was read from web-llm at build
 * time (model-list.ts) and the client speaks Hearth's worker protocol (worker-client.ts), so
 * the runtime ships once, in the worker.
 */
async function loadWebLlm(): Promise<WebLlmBindings> {
  const [{ WEBLLM_MODEL_LIST }, { createWorkerClient }] = await Promise.all([
    import('./model-list'),
    import('./worker-client'),
  ]);
  return {
    modelList: WEBLLM_MODEL_LIST,
    createClient: (worker, onProgress) => createWorkerClient(worker as unknown as Worker, onProgress),
  };
}

function unknownModel(): EngineError {
  return new EngineError(
    'unsupported-model',
    "Hearth doesn't know this local model. Pick one from the list.",
  );
}

/** Settles with `promise`, or rejects as soon as `signal` aborts or `ended` rejects. */
function race<T>(promise: Promise<T>, signal: AbortSignal | undefined, ended: Promise<never>): Promise<T> {
  if (!signal) return Promise.race([promise, ended]);
  let onAbort = () => {};
  const abortion = new Promise<never>((_, reject) => {
    onAbort = () => reject(aborted());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, ended, abortion]).finally(() => signal.removeEventListener('abort', onAbort));
}
