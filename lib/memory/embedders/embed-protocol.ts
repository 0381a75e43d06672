/**
 * The messages between the panel (transformers-embedder.ts) and the embedding worker
 * (embed-worker.ts). Both sides validate what they receive with these schemas. This file
 * imports nothing heavy, so the panel's bundle gets the protocol without transformers.js.
 */
import { z } from 'zod';

const RequestId = z.number().int().nonnegative();
const Dtype = z.enum(['q8', 'fp16', 'fp32']);
const Device = z.enum(['webgpu', 'wasm', 'cpu']);

/** Most texts one `embed` request may carry (the client sends smaller batches). */
export const MAX_TEXTS_PER_REQUEST = 256;

/** Loads (downloading on first use) the model; progress replies come before `loaded`. */
export const LoadRequest = z.object({
  kind: z.literal('load'),
  requestId: RequestId,
  model: z.object({
    id: z.string().min(1).max(200),
    pooling: z.enum(['mean', 'cls']),
    normalize: z.boolean(),
    dtype: Dtype,
    webgpuDtype: Dtype.optional(),
  }),
  device: z.enum(['auto', 'webgpu', 'wasm', 'cpu']),
  /** Stand-in for the Hugging Face hub (a loopback server in e2e tests); the library's default when absent. */
  remoteHost: z.url({ protocol: /^https?$/ }).optional(),
});
export type LoadRequest = z.infer<typeof LoadRequest>;

/** Embeds texts with the loaded model (texts already carry any query/passage prefix). */
export const EmbedRequest = z.object({
  kind: z.literal('embed'),
  requestId: RequestId,
  texts: z.array(z.string()).min(1).max(MAX_TEXTS_PER_REQUEST),
});
export type EmbedRequest = z.infer<typeof EmbedRequest>;

/** Frees the model's session (its weights stay in the download cache). */
export const UnloadRequest = z.object({ kind: z.literal('unload'), requestId: RequestId });
export type UnloadRequest = z.infer<typeof UnloadRequest>;

export const WorkerRequest = z.discriminatedUnion('kind', [LoadRequest, EmbedRequest, UnloadRequest]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;

const Bytes = z.object({
  loaded: z.number().nonnegative(),
  total: z.number().nonnegative(),
  fraction: z.number(),
});

/** Download progress of one file, with the total over every file of the model. */
export const LoadProgress = z.object({
  file: z.string(),
  loaded: z.number().nonnegative(),
  total: z.number().nonnegative(),
  /** 0…1 for this file. */
  fraction: z.number().min(0).max(1),
  /** Every file of the model together (what a single progress bar shows). */
  overall: Bytes,
});
export type LoadProgress = z.infer<typeof LoadProgress>;

/** Why the worker or the embedder failed, as a stable code the UI can branch on. */
export const EmbedErrorCode = z.enum([
  'invalid-request',
  'model-not-found',
  'load-failed',
  'not-loaded',
  'embed-failed',
  // Raised on the panel's side:
  'invalid-response',
  'worker-crashed',
  'dim-mismatch',
  'unknown-model',
  'disposed',
]);
export type EmbedErrorCode = z.infer<typeof EmbedErrorCode>;

export const WorkerResponse = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('progress'), requestId: RequestId, progress: LoadProgress }),
  z.object({
    kind: z.literal('loaded'),
    requestId: RequestId,
    device: Device,
    dtype: Dtype,
    /** Set when WebGPU was chosen but its session failed, and WebAssembly took over. */
    fellBackFrom: z.literal('webgpu').optional(),
  }),
  z.object({
    kind: z.literal('embedded'),
    requestId: RequestId,
    dim: z.number().int().positive(),
    /** `texts.length` vectors of `dim` floats, row after row (one transferable buffer). */
    vectors: z.instanceof(Float32Array),
  }),
  z.object({ kind: z.literal('unloaded'), requestId: RequestId }),
  z.object({
    kind: z.literal('error'),
    /** null when the request itself could not be read. */
    requestId: RequestId.nullable(),
    code: EmbedErrorCode,
    message: z.string(),
  }),
]);
export type WorkerResponse = z.infer<typeof WorkerResponse>;

/**
 * The panel's side of the worker: requests out, replies in, a way to stop it. A Web Worker
 * is adapted to it (workerTransport); tests use an in-process one.
 */
export interface EmbedTransport {
  send(message: WorkerRequest): void;
  /** Sets the one receiver of replies; `onCrash` is called if the worker dies. */
  listen(onMessage: (data: unknown) => void, onCrash: (reason: string) => void): void;
  close(): void;
}

/** An embedder failure: `message` is for people, `code` is for code. */
export class EmbedderError extends Error {
  override readonly name = 'EmbedderError';
  constructor(
    readonly code: EmbedErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
