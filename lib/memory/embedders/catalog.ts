/**
 * The embedding models Hearth offers (transformers.js ONNX exports on the Hugging Face hub).
 * All are 384-dimensional, so switching model never changes the vector index's shape; a vector
 * is still only ever compared with vectors of the same embedder id.
 */

/** Weight formats the catalog uses (transformers.js `dtype`; 'q8' loads `onnx/model_quantized.onnx`). */
export type EmbeddingDtype = 'q8' | 'fp16' | 'fp32';

/** Where the model runs. 'cpu' is onnxruntime-node (Node scripts and tests only). */
export type EmbeddingDevice = 'webgpu' | 'wasm' | 'cpu';

/** What the user (or a test) asked for; 'auto' picks WebGPU only where it helps. */
export type DevicePreference = 'auto' | EmbeddingDevice;

/** One embedding model and how to use it. */
export interface EmbeddingModel {
  /** Hub repository id, e.g. 'Xenova/bge-small-en-v1.5'. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly languages: 'en' | 'multilingual';
  readonly dim: number;
  /** How token vectors become one text vector (the model was trained with this). */
  readonly pooling: 'mean' | 'cls';
  /** L2-normalise the pooled vector (Hearth always wants unit vectors). */
  readonly normalize: boolean;
  /** Weights used on WebAssembly (and CPU). */
  readonly dtype: EmbeddingDtype;
  /**
   * Weights used on WebGPU; absent: WebGPU is not worth it for this model. Quantized (q8)
   * graphs use integer ops the WebGPU backend lacks, so they would bounce back to the CPU.
   */
  readonly webgpuDtype?: EmbeddingDtype;
  /** Approximate download per dtype, in MB (for the model picker and the progress bar). */
  readonly downloadMB: Readonly<Partial<Record<EmbeddingDtype, number>>>;
  /** Longer inputs are truncated by the tokenizer. */
  readonly maxTokens: number;
  /** Text prepended to queries and to stored passages, for models trained that way (E5). */
  readonly prefixes?: { readonly query: string; readonly passage: string };
  readonly license: string;
}

export const EMBEDDING_MODELS: readonly EmbeddingModel[] = [
  {
    id: 'Xenova/bge-small-en-v1.5',
    label: 'BGE small (English)',
    description: 'Good retrieval quality for its size. The default.',
    languages: 'en',
    dim: 384,
    pooling: 'cls',
    normalize: true,
    dtype: 'q8',
    webgpuDtype: 'fp32',
    downloadMB: { q8: 34, fp32: 133 },
    maxTokens: 512,
    // v1.5 retrieves well without the query instruction, so queries and passages share vectors.
    license: 'MIT',
  },
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    label: 'MiniLM L6 (English, smallest)',
    description: 'The smallest download; slightly weaker retrieval.',
    languages: 'en',
    dim: 384,
    pooling: 'mean',
    normalize: true,
    dtype: 'q8',
    webgpuDtype: 'fp32',
    downloadMB: { q8: 23, fp32: 90 },
    maxTokens: 256,
    license: 'Apache-2.0',
  },
  {
    id: 'Xenova/multilingual-e5-small',
    label: 'E5 small (multilingual)',
    description: 'About 100 languages, trained for retrieval. Large vocabulary, hence the download.',
    languages: 'multilingual',
    dim: 384,
    pooling: 'mean',
    normalize: true,
    dtype: 'q8',
    downloadMB: { q8: 118 },
    maxTokens: 512,
    prefixes: { query: 'query: ', passage: 'passage: ' },
    license: 'MIT',
  },
  {
    id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    label: 'Paraphrase MiniLM L12 (multilingual)',
    description: 'About 50 languages, symmetric (no query/passage prefixes).',
    languages: 'multilingual',
    dim: 384,
    pooling: 'mean',
    normalize: true,
    dtype: 'q8',
    downloadMB: { q8: 118 },
    maxTokens: 128,
    license: 'Apache-2.0',
  },
];

export const DEFAULT_EMBEDDING_MODEL_ID = 'Xenova/bge-small-en-v1.5';
export const DEFAULT_MULTILINGUAL_EMBEDDING_MODEL_ID = 'Xenova/multilingual-e5-small';

/** The catalog entry for a hub id, or undefined. */
export function findEmbeddingModel(id: string): EmbeddingModel | undefined {
  return EMBEDDING_MODELS.find((model) => model.id === id);
}

/** The embedder id recorded with every vector: model and weights, e.g. 'Xenova/bge-small-en-v1.5@q8'. */
export function embedderId(modelId: string, dtype: EmbeddingDtype): string {
  return `${modelId}@${dtype}`;
}

/** What a WebGPU probe found (null: no WebGPU at all). */
export interface GpuProbe {
  /** Software adapter (e.g. SwiftShader): slower than WebAssembly for these models. */
  readonly isFallbackAdapter: boolean;
}

/** Device and weights to load. */
export interface RuntimeChoice {
  readonly device: EmbeddingDevice;
  readonly dtype: EmbeddingDtype;
}

/**
 * Picks device and weights. 'auto' takes WebGPU only with a real (non-fallback) adapter and a
 * model that has WebGPU-friendly weights; everything else runs on WebAssembly. An explicit
 * 'webgpu' without any adapter also falls back to WebAssembly rather than failing.
 */
export function chooseRuntime(
  model: Pick<EmbeddingModel, 'dtype' | 'webgpuDtype'>,
  preference: DevicePreference,
  gpu: GpuProbe | null,
): RuntimeChoice {
  switch (preference) {
    case 'cpu':
    case 'wasm':
      return { device: preference, dtype: model.dtype };
    case 'webgpu':
      return gpu
        ? { device: 'webgpu', dtype: model.webgpuDtype ?? model.dtype }
        : { device: 'wasm', dtype: model.dtype };
    case 'auto':
      return gpu && !gpu.isFallbackAdapter && model.webgpuDtype
        ? { device: 'webgpu', dtype: model.webgpuDtype }
        : { device: 'wasm', dtype: model.dtype };
  }
}
