/**
 * What the embedding worker does with each message, as a plain function over injected
 * dependencies: embed-worker.ts wires it to `self.onmessage` and transformers.js, tests call
 * it directly in Node (with transformers.js on onnxruntime-node and a tiny generated model).
 * Every failure is answered with a typed `error` reply; nothing is thrown away.
 */
import { chooseRuntime, type EmbeddingDevice, type EmbeddingDtype, type GpuProbe } from './catalog';
import {
  WorkerRequest,
  type EmbedErrorCode,
  type EmbedTransport,
  type LoadProgress,
  type LoadRequest,
  type WorkerResponse,
} from './embed-protocol';

/** What to load, once device and weights are chosen. */
export interface LoadPlan {
  modelId: string;
  device: EmbeddingDevice;
  dtype: EmbeddingDtype;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  remoteHost?: string;
}

/** The fields of a transformers.js progress event the handler reads ('progress' and 'progress_total'). */
export interface RawProgress {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/** A loaded feature-extraction model: texts in, pooled vectors out (row after row). */
export interface Extractor {
  run(texts: string[]): Promise<{ data: ArrayLike<number>; dims: readonly number[] }>;
  dispose(): Promise<void>;
}

/** The edges the handler needs: loading a model and probing WebGPU. */
export interface EmbedHandlerDeps {
  loadExtractor(plan: LoadPlan, onProgress: (event: RawProgress) => void): Promise<Extractor>;
  /** null when there is no WebGPU adapter at all. */
  probeGpu(): Promise<GpuProbe | null>;
}

/** Sends one reply; `transfer` lists buffers to move rather than copy. */
export type PostReply = (response: WorkerResponse, transfer?: Transferable[]) => void;

/** Handles one incoming message (already received, not yet validated). Never rejects. */
export type EmbedRequestHandler = (message: unknown, post: PostReply) => Promise<void>;

/** Smallest change of the overall fraction worth a progress reply (a download emits thousands of chunks). */
const PROGRESS_STEP = 0.005;

/** Creates the worker's message handler. Requests run one at a time, in arrival order. */
export function createEmbedRequestHandler(deps: EmbedHandlerDeps): EmbedRequestHandler {
  let current: Extractor | null = null;
  let queue: Promise<void> = Promise.resolve();

  async function load(request: LoadRequest, post: PostReply): Promise<void> {
    const { requestId, model } = request;
    if (current) {
      const previous = current;
      current = null;
      await previous.dispose().catch(() => undefined);
    }
    const gpu =
      request.device === 'auto' || request.device === 'webgpu'
        ? await deps.probeGpu().catch(() => null)
        : null;
    const choice = chooseRuntime(model, request.device, gpu);
    const plan = (device: EmbeddingDevice, dtype: EmbeddingDtype): LoadPlan => ({
      modelId: model.id,
      device,
      dtype,
      pooling: model.pooling,
      normalize: model.normalize,
      ...(request.remoteHost ? { remoteHost: request.remoteHost } : {}),
    });
    const onProgress = progressReporter((progress) => post({ kind: 'progress', requestId, progress }));
    let loaded: { device: EmbeddingDevice; dtype: EmbeddingDtype; fellBackFrom?: 'webgpu' } = choice;
    try {
      current = await deps.loadExtractor(plan(choice.device, choice.dtype), onProgress);
    } catch (error) {
      // A WebGPU session can fail where WebAssembly works (unsupported op, lost device):
      // fall back once, unless the files themselves are missing.
      if (choice.device !== 'webgpu' || errorCode(error, 'load-failed') === 'model-not-found') throw error;
      current = await deps.loadExtractor(plan('wasm', model.dtype), onProgress);
      loaded = { device: 'wasm', dtype: model.dtype, fellBackFrom: 'webgpu' };
    }
    post({ kind: 'loaded', requestId, ...loaded });
  }

  async function embed(requestId: number, texts: string[], post: PostReply): Promise<void> {
    if (!current) {
      post({ kind: 'error', requestId, code: 'not-loaded', message: 'No embedding model is loaded yet.' });
      return;
    }
    const { data, dims } = await current.run(texts);
    const [rows, dim] = dims;
    if (dims.length !== 2 || rows !== texts.length || !dim || data.length !== rows * dim) {
      throw new Error(`The model returned vectors of shape [${dims.join(', ')}] for ${texts.length} texts.`);
    }
    // A copy: the runtime may reuse its output buffer, and this one is transferred away.
    const vectors = Float32Array.from(data);
    if (!vectors.every(Number.isFinite))
      throw new Error('The model returned a vector with NaN or infinite values.');
    post({ kind: 'embedded', requestId, dim, vectors }, [vectors.buffer]);
  }

  async function handle(message: unknown, post: PostReply): Promise<void> {
    const parsed = WorkerRequest.safeParse(message);
    if (!parsed.success) {
      const requestId = readRequestId(message);
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      post({
        kind: 'error',
        requestId,
        code: 'invalid-request',
        message: `Bad request to the embedder: ${where}${issue?.message ?? 'invalid'}`,
      });
      return;
    }
    const request = parsed.data;
    try {
      switch (request.kind) {
        case 'load':
          await load(request, post);
          return;
        case 'embed':
          await embed(request.requestId, request.texts, post);
          return;
        case 'unload':
          await current?.dispose();
          current = null;
          post({ kind: 'unloaded', requestId: request.requestId });
          return;
      }
    } catch (error) {
      const code = errorCode(error, request.kind === 'load' ? 'load-failed' : 'embed-failed');
      const what =
        request.kind === 'load'
          ? `Could not load the embedding model "${request.model.id}"`
          : 'Embedding failed';
      post({ kind: 'error', requestId: request.requestId, code, message: `${what}: ${errorText(error)}` });
    }
  }

  return (message, post) => {
    const run = queue.then(() => handle(message, post));
    queue = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      // Only a throwing `post` gets here; there is nobody left to tell but the console.
      console.error('Hearth embedder: could not reply', error);
    });
  };
}

/**
 * Turns transformers.js progress events into per-file and overall fractions, thinned out.
 * The overall figures come from the library's `progress_total` events (it learns every file's
 * size before downloading); without them, from the files seen so far.
 */
function progressReporter(send: (progress: LoadProgress) => void): (event: RawProgress) => void {
  const files = new Map<string, { loaded: number; total: number }>();
  let libraryTotal: { loaded: number; total: number } | null = null;
  let lastSent = -1;
  return (event) => {
    if (event.status === 'progress_total' && event.total) {
      libraryTotal = { loaded: event.loaded ?? 0, total: event.total };
      return;
    }
    if (event.status !== 'progress' || !event.file) return;
    const loaded = event.loaded ?? 0;
    const total = Math.max(event.total ?? 0, loaded);
    files.set(event.file, { loaded, total });
    let overall = libraryTotal;
    if (!overall) {
      overall = { loaded: 0, total: 0 };
      for (const file of files.values()) {
        overall.loaded += file.loaded;
        overall.total += file.total;
      }
    }
    const fraction = overall.total > 0 ? Math.min(1, overall.loaded / overall.total) : 0;
    const fileDone = total > 0 && loaded >= total;
    if (!fileDone && Math.abs(fraction - lastSent) < PROGRESS_STEP) return;
    lastSent = fraction;
    send({
      file: event.file,
      loaded,
      total,
      fraction: total > 0 ? loaded / total : 0,
      overall: { loaded: overall.loaded, total: overall.total, fraction },
    });
  };
}

function errorCode(error: unknown, fallback: EmbedErrorCode): EmbedErrorCode {
  // By name, not instanceof: transformers.js's ModelFileNotFoundError may come from another bundle copy.
  return error instanceof Error && error.name === 'ModelFileNotFoundError' ? 'model-not-found' : fallback;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readRequestId(message: unknown): number | null {
  if (typeof message !== 'object' || message === null || !('requestId' in message)) return null;
  const id = message.requestId;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/**
 * Runs the handler in this thread behind the same transport the worker uses, copying every
 * message with structuredClone as postMessage would. For tests and Node scripts: in the
 * extension the model always runs in the worker, never on the panel's main thread.
 */
export function inProcessTransport(handle: EmbedRequestHandler): EmbedTransport {
  let receiver: ((data: unknown) => void) | null = null;
  let closed = false;
  return {
    send(message) {
      if (closed) return;
      void handle(structuredClone(message), (response, transfer) => {
        if (!closed) receiver?.(structuredClone(response, transfer ? { transfer } : undefined));
      });
    },
    listen(onMessage) {
      receiver = onMessage;
    },
    close() {
      closed = true;
      receiver = null;
    },
  };
}
