/**
 * An Embedder backed by transformers.js in a dedicated worker (embed-worker.ts). Creating one
 * loads the model, downloading it on first use with progress; texts are embedded once
 * (content-key cache), in batches, never on the calling thread.
 */
import type { Embedder } from '../embedder';
import {
  embedderId,
  findEmbeddingModel,
  type DevicePreference,
  type EmbeddingDevice,
  type EmbeddingDtype,
  type EmbeddingModel,
} from './catalog';
import {
  EmbedderError,
  MAX_TEXTS_PER_REQUEST,
  WorkerResponse,
  type EmbedTransport,
  type LoadProgress,
  type WorkerRequest,
} from './embed-protocol';
import {
  cachedEmbedder,
  createMemoryEmbeddingStore,
  raceAbort,
  type EmbeddingCacheStore,
} from './embedding-cache';

export { listCachedEmbeddingModels, removeCachedModel } from './model-cache';

/** Options of `createTransformersEmbedder`. */
export interface TransformersEmbedderOptions {
  /**
   * Starts the worker: `spawnBundledEmbedWorker` (embedders-bundled-worker.ts) in the extension,
   * an in-process transport in tests. Required: there is no default, because the only way to
   * start embed-worker.ts that survives WXT's bundling lives in that browser-only file.
   */
  createTransport: () => EmbedTransport;
  /** Download progress while loading (per file, and overall for one progress bar). */
  onProgress?: (progress: LoadProgress) => void;
  /** Cancels loading: the worker is stopped, the download with it. */
  signal?: AbortSignal;
  /** 'auto' (default): WebGPU with a real adapter and GPU-friendly weights, WebAssembly otherwise. */
  device?: DevicePreference;
  /** Replaces the Hugging Face hub (e2e tests point it at a loopback server); the library's default otherwise. */
  remoteHost?: string;
  /** Texts per worker request (default 32). */
  batchSize?: number;
  /** Where vectors are kept by content key (default: in memory, per embedder). */
  store?: EmbeddingCacheStore;
}

/** A loaded transformers.js embedder. */
export interface TransformersEmbedder extends Embedder {
  readonly model: EmbeddingModel;
  readonly device: EmbeddingDevice;
  readonly dtype: EmbeddingDtype;
  /** Set when WebGPU failed to start and WebAssembly took over. */
  readonly fellBackFrom?: 'webgpu';
  /** `embed` prefixes texts as stored passages; this one as search queries (differs for E5 models). */
  embedQueries(texts: string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
  /** Stops the worker; later calls fail with code 'disposed'. Downloaded files stay cached. */
  dispose(): void;
}

const DEFAULT_BATCH_SIZE = 32;

/** Loads `model` (a catalog id, or a full description for models outside the catalog) in a worker. */
export async function createTransformersEmbedder(
  model: string | EmbeddingModel,
  options: TransformersEmbedderOptions,
): Promise<TransformersEmbedder> {
  const spec = typeof model === 'string' ? findEmbeddingModel(model) : model;
  if (!spec)
    throw new EmbedderError('unknown-model', `"${String(model)}" is not an embedding model Hearth offers.`);
  options.signal?.throwIfAborted();

  const connection = connect(options.createTransport());
  const stopOnAbort = () => connection.close(new EmbedderError('disposed', 'Loading was cancelled.'));
  options.signal?.addEventListener('abort', stopOnAbort, { once: true });
  let loaded: Awaited<ReturnType<typeof connection.call>>;
  try {
    loaded = await raceAbort(
      connection.call(
        {
          kind: 'load',
          model: {
            id: spec.id,
            pooling: spec.pooling,
            normalize: spec.normalize,
            dtype: spec.dtype,
            ...(spec.webgpuDtype ? { webgpuDtype: spec.webgpuDtype } : {}),
          },
          device: options.device ?? 'auto',
          ...(options.remoteHost ? { remoteHost: options.remoteHost } : {}),
        },
        options.onProgress,
      ),
      options.signal,
    );
  } catch (error) {
    connection.close(new EmbedderError('disposed', 'Loading failed.'));
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stopOnAbort);
  }
  if (loaded.kind !== 'loaded') throw connection.unexpected(loaded.kind);

  const id = embedderId(spec.id, loaded.dtype);
  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const reply = await connection.call({ kind: 'embed', texts });
    if (reply.kind !== 'embedded') throw connection.unexpected(reply.kind);
    if (reply.dim !== spec.dim || reply.vectors.length !== texts.length * spec.dim) {
      throw new EmbedderError(
        'dim-mismatch',
        `${spec.id} gave ${reply.dim}-dimensional vectors; ${spec.dim} were expected.`,
      );
    }
    return texts.map((_, i) => reply.vectors.slice(i * spec.dim, (i + 1) * spec.dim));
  };
  const cached = cachedEmbedder(embedBatch, {
    embedderId: id,
    dim: spec.dim,
    store: options.store ?? createMemoryEmbeddingStore(),
    batchSize: Math.max(1, Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, MAX_TEXTS_PER_REQUEST)),
  });
  const withPrefix = (prefix: string | undefined) => (texts: string[], opts?: { signal?: AbortSignal }) =>
    cached(prefix ? texts.map((text) => prefix + text) : texts, opts?.signal);

  return {
    id,
    dim: spec.dim,
    model: spec,
    device: loaded.device,
    dtype: loaded.dtype,
    ...(loaded.fellBackFrom ? { fellBackFrom: loaded.fellBackFrom } : {}),
    embed: withPrefix(spec.prefixes?.passage),
    embedQueries: withPrefix(spec.prefixes?.query),
    dispose: () => connection.close(new EmbedderError('disposed', 'This embedder was closed.')),
  };
}

/** Adapts a Web Worker to the transport. */
export function workerTransport(worker: Worker): EmbedTransport {
  return {
    send: (message) => worker.postMessage(message),
    listen(onMessage, onCrash) {
      worker.onmessage = (event: MessageEvent) => onMessage(event.data);
      worker.onmessageerror = () => onMessage(undefined); // unreadable: reported as an invalid response
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        onCrash(event.message || 'The embedding worker stopped.');
      };
    },
    close: () => worker.terminate(),
  };
}

type FinalReply = Exclude<WorkerResponse, { kind: 'progress' } | { kind: 'error' }>;
type Outgoing = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'requestId'>
    : never
  : never;

interface Waiting {
  resolve(reply: FinalReply): void;
  reject(error: EmbedderError): void;
  onProgress?: (progress: LoadProgress) => void;
}

/** Request/reply bookkeeping over a transport: ids, progress, typed errors, crashes. */
function connect(transport: EmbedTransport) {
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let closedWith: EmbedderError | null = null;

  const close = (reason: EmbedderError) => {
    if (closedWith) return;
    closedWith = reason;
    transport.close();
    for (const entry of waiting.values()) entry.reject(reason);
    waiting.clear();
  };

  transport.listen(
    (data) => {
      const parsed = WorkerResponse.safeParse(data);
      if (!parsed.success) {
        const id = typeof data === 'object' && data && 'requestId' in data ? data.requestId : undefined;
        const entry = typeof id === 'number' ? waiting.get(id) : undefined;
        if (entry && typeof id === 'number') {
          waiting.delete(id);
          entry.reject(new EmbedderError('invalid-response', 'The embedding worker sent a malformed reply.'));
        } else
          console.warn('Hearth: ignored a malformed reply from the embedding worker', parsed.error.issues[0]);
        return;
      }
      const reply = parsed.data;
      if (reply.requestId === null) {
        console.warn(
          'Hearth: embedding worker refused a request:',
          reply.kind === 'error' ? reply.message : reply.kind,
        );
        return;
      }
      const entry = waiting.get(reply.requestId);
      if (!entry) return; // a reply for a call that was given up on
      if (reply.kind === 'progress') {
        entry.onProgress?.(reply.progress);
        return;
      }
      waiting.delete(reply.requestId);
      if (reply.kind === 'error') entry.reject(new EmbedderError(reply.code, reply.message));
      else entry.resolve(reply);
    },
    (reason) => close(new EmbedderError('worker-crashed', `The embedding worker stopped: ${reason}`)),
  );

  return {
    call(request: Outgoing, onProgress?: (progress: LoadProgress) => void): Promise<FinalReply> {
      if (closedWith) return Promise.reject(closedWith);
      const requestId = nextId++;
      return new Promise<FinalReply>((resolve, reject) => {
        waiting.set(requestId, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
        const message: WorkerRequest = { ...request, requestId };
        transport.send(message);
      });
    },
    close,
    unexpected: (kind: string) =>
      new EmbedderError('invalid-response', `The embedding worker answered "${kind}" out of turn.`),
  };
}
