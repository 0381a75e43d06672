/**
 * The web-llm model catalog as Hearth shows it. Everything here is pure: the caller passes
 * web-llm's `prebuiltAppConfig.model_list` in (engine.ts imports web-llm lazily), so the
 * side panel's first load never pulls web-llm in through this file.
 */
import type { ModelInfo } from '../engine';
import type { GpuStatus } from './webgpu';
import { describeGpu } from './webgpu';

/** The fields of web-llm's `ModelRecord` the catalog reads (a real `ModelRecord` fits). */
export interface ModelRecordLike {
  model: string;
  model_id: string;
  model_lib: string;
  overrides?: { context_window_size?: number; sliding_window_size?: number };
  vram_required_MB?: number;
  low_resource_required?: boolean;
  buffer_size_required_bytes?: number;
  required_features?: string[];
  /** web-llm's ModelType: 0 or absent = LLM, 1 = embedding, 2 = vision-language. */
  model_type?: number;
}

/** A web-llm model with what the device filter and the cache manager need. */
export interface WebLlmModelInfo extends ModelInfo {
  /** True: `downloadMB` is estimated from the id (parameters × bits per weight), see `estimateDownloadMB`. */
  downloadIsEstimate: boolean;
  /** Billions of parameters, read from the id (nominal: "1B" models are often 1.1–1.3 B). */
  parametersB?: number;
  /** MLC quantization code, e.g. "q4f16_1". */
  quantization?: string;
  requiresShaderF16: boolean;
  /** Storage-buffer binding the model needs, when web-llm records it. */
  bufferSizeRequiredBytes?: number;
  /** web-llm marks models fit for phones and small laptops. */
  lowResource: boolean;
  /** Where web-llm downloads weights from; cache.ts keys entries by it. */
  modelUrl: string;
  /** The compiled model library (wasm) URL; also a cache entry. */
  modelLib: string;
}

/** The catalog filtered for one device, with a sentence for people when something is limited. */
export interface DeviceCatalog {
  models: WebLlmModelInfo[];
  notice?: string;
}

/** What `recommendModel` picks for the first-run screen, and why, in words. */
export interface Recommendation {
  model: WebLlmModelInfo | null;
  reason: string;
}

/**
 * Context window when a record has no override: web-llm's prebuilt model libraries are
 * compiled for 4096 tokens unless the record says otherwise (the "-1k" variants say 1024).
 */
export const DEFAULT_CONTEXT_WINDOW = 4096;

/** Software adapters run on the CPU: above this a reply takes minutes, so such models are marked unsupported. */
export const FALLBACK_MAX_MEMORY_MB = 1500;

// web-llm refuses to start below these (see detectGPUDevice in web-llm: 256 MiB / 128 MiB).
const MIN_BUFFER = 256 * 2 ** 20;
const MIN_BINDING = 128 * 2 ** 20;

// Ids that carry no size; nominal parameter counts from the model cards.
const KNOWN_SIZES_B: Array<[prefix: string, billions: number]> = [
  ['phi-1_5', 1.4],
  ['phi-2', 2.7],
  ['phi-3-mini', 3.8],
  ['phi-3.5-mini', 3.8],
  ['phi-4-mini', 3.8],
];

// Tokenizer, config and the compiled wasm come on top of the weights.
const OVERHEAD_MB = 10;

/** Maps web-llm's model list to Hearth's catalog: text chat models only (no embedding or vision models). */
export function toCatalog(records: readonly ModelRecordLike[]): WebLlmModelInfo[] {
  return records.filter((r) => (r.model_type ?? 0) === 0).map(toModelInfo);
}

/** One record → WebLlmModelInfo (cached is left false; cache.ts fills it in). */
export function toModelInfo(record: ModelRecordLike): WebLlmModelInfo {
  const { name, quantization, shortContext } = parseModelId(record.model_id);
  const parametersB = parseParametersB(name);
  const downloadMB = estimateDownloadMB(parametersB, quantization);
  const overrides = record.overrides ?? {};
  const contextWindow =
    positive(overrides.context_window_size) ??
    positive(overrides.sliding_window_size) ??
    DEFAULT_CONTEXT_WINDOW;
  return {
    id: record.model_id,
    label: `${name.replace(/-/g, ' ')}${quantization ? ` (${quantization.replace(/_\d+$/, '')}${shortContext ? ', 1k context' : ''})` : ''}`,
    contextWindow,
    ...(downloadMB !== undefined ? { downloadMB } : {}),
    ...(record.vram_required_MB !== undefined ? { memoryMB: Math.ceil(record.vram_required_MB) } : {}),
    cached: false,
    downloadIsEstimate: true,
    ...(parametersB !== undefined ? { parametersB } : {}),
    ...(quantization ? { quantization } : {}),
    // The list marks some f16 models, not all; any f16-activation quantization needs f16 shaders.
    requiresShaderF16:
      (record.required_features ?? []).includes('shader-f16') || /^q\d+f16/.test(quantization ?? ''),
    ...(record.buffer_size_required_bytes
      ? { bufferSizeRequiredBytes: record.buffer_size_required_bytes }
      : {}),
    lowResource: record.low_resource_required === true,
    modelUrl: record.model,
    modelLib: record.model_lib,
  };
}

/**
 * Download estimate in MB: parameters × bits per weight / 8, plus ~10 MB of tokenizer and
 * wasm. Bits per weight from MLC's quantization code `q{w}f{a}_1`: w-bit weights in groups
 * of 32 sharing one scale stored in the activation type, so q4f16 ≈ 4 + 16/32 = 4.5 bits,
 * q4f32 ≈ 5, q3f16 ≈ 3.5; q0 means unquantized (16 or 32 bits). Undefined when the id
 * gives no size. Nominal sizes run a little low ("1B" is often 1.2 B), hence "estimate".
 */
export function estimateDownloadMB(
  parametersB: number | undefined,
  quantization: string | undefined,
): number | undefined {
  const bits = bitsPerWeight(quantization);
  if (parametersB === undefined || bits === undefined) return undefined;
  const mb = (parametersB * 1e9 * bits) / 8 / 2 ** 20 + OVERHEAD_MB;
  return Math.ceil(mb / 10) * 10;
}

/** Bits stored per weight for an MLC quantization code, or undefined for an unknown code. */
export function bitsPerWeight(quantization: string | undefined): number | undefined {
  const match = /^q(\d+)f(16|32)/.exec(quantization ?? '');
  if (!match) return undefined;
  const weightBits = Number(match[1]);
  const scaleBits = Number(match[2]);
  return weightBits === 0 ? scaleBits : weightBits + scaleBits / 32;
}

/**
 * Filters the catalog for this device. Models needing shader-f16 on an adapter without it
 * are removed (each has an f32 twin that is kept). Models the device can't hold stay in
 * the list with `unsupportedReason`, so people see why a model they know isn't offered.
 * The memory budget is 75 % of the RAM the browser reports, applied only below 8 GB: there
 * is no GPU memory API, `deviceMemory` is rounded down and capped (at 8 in many browsers, so
 * 8 means "8 or more"), and a discrete GPU's own memory is invisible to it.
 */
export function filterForDevice(models: readonly WebLlmModelInfo[], gpu: GpuStatus): DeviceCatalog {
  if (gpu.kind === 'none') return { models: [], notice: gpu.reason };
  const offered = models.filter((m) => gpu.features.shaderF16 || !m.requiresShaderF16);
  const tooWeak = gpu.maxBufferSize < MIN_BUFFER || gpu.maxStorageBufferBindingSize < MIN_BINDING;
  const budgetMB = memoryBudgetMB(gpu);
  const marked = offered.map((m) => {
    const reason = tooWeak
      ? "This graphics adapter's limits are below what local models need."
      : unsupportedReason(m, gpu, budgetMB);
    const { unsupportedReason: _old, ...rest } = m;
    return reason ? { ...rest, unsupportedReason: reason } : rest;
  });
  const notices: string[] = [];
  if (gpu.kind === 'fallback') notices.push(describeGpu(gpu));
  if (!gpu.features.shaderF16 && offered.length < models.length) {
    notices.push(
      "This graphics adapter lacks 16-bit float shaders, so only the models that don't need them are listed.",
    );
  }
  if (tooWeak)
    notices.push("This graphics adapter's limits are below what local models need; use an endpoint instead.");
  return notices.length ? { models: marked, notice: notices.join(' ') } : { models: marked };
}

/** Picks a model for the first-run screen: a general chat model that fits comfortably, small on a software adapter. */
export function recommendModel(models: readonly WebLlmModelInfo[], gpu: GpuStatus): Recommendation {
  const { models: usable } = filterForDevice(models, gpu);
  if (gpu.kind === 'none') return { model: null, reason: gpu.reason };
  const budgetMB = memoryBudgetMB(gpu);
  // Leave room for the browser and the embedder: half the budget, and no more than ~3 GB.
  const capMB = gpu.kind === 'fallback' ? 1100 : Math.min(3000, budgetMB ? budgetMB / 2 : Infinity);
  const candidates = usable.filter(
    (m) => !m.unsupportedReason && isGeneralChat(m) && (m.memoryMB ?? 0) <= capMB,
  );
  const preferred = PREFERRED.flatMap((family) =>
    ['q4f16_1', 'q4f32_1'].map((q) => candidates.find((m) => m.id === `${family}-${q}-MLC`)),
  ).find((m) => m !== undefined);
  const pick =
    preferred ??
    [...candidates].sort(
      (a, b) => (b.parametersB ?? 0) - (a.parametersB ?? 0) || (a.memoryMB ?? 0) - (b.memoryMB ?? 0),
    )[0];
  if (!pick)
    return {
      model: null,
      reason: 'No local model fits this device. An endpoint (such as Ollama) will work instead.',
    };
  const reason =
    gpu.kind === 'fallback'
      ? 'A small model, so replies still come at a usable pace here. An endpoint such as Ollama will feel much faster.'
      : 'A good conversational model that fits comfortably on this device.';
  return { model: pick, reason };
}

// Conversational families known to hold a persona well, best first.
const PREFERRED = [
  'Llama-3.2-3B-Instruct',
  'Qwen2.5-3B-Instruct',
  'Llama-3.2-1B-Instruct',
  'Qwen2.5-1.5B-Instruct',
  'Qwen2.5-0.5B-Instruct',
  'SmolLM2-360M-Instruct',
];

function isGeneralChat(m: WebLlmModelInfo): boolean {
  return /instruct|chat|-it-/i.test(m.id) && !/coder|math|base|reasoning|-r1-|jpn/i.test(m.id);
}

function unsupportedReason(
  m: WebLlmModelInfo,
  gpu: GpuStatus,
  budgetMB: number | undefined,
): string | undefined {
  if (m.bufferSizeRequiredBytes && m.bufferSizeRequiredBytes > gpu.maxStorageBufferBindingSize) {
    return 'Needs a larger graphics buffer than this adapter allows.';
  }
  const memory = m.memoryMB ?? 0;
  if (gpu.kind === 'fallback' && memory > FALLBACK_MAX_MEMORY_MB) {
    return 'Too large for a software graphics adapter: replies would take minutes.';
  }
  if (budgetMB !== undefined && memory > budgetMB) {
    return `Needs about ${formatGB(memory)} of memory; this device has about ${formatGB(budgetMB)} to spare.`;
  }
  return undefined;
}

function memoryBudgetMB(gpu: GpuStatus): number | undefined {
  const gb = gpu.deviceMemoryGB;
  return gb !== undefined && gb < 8 ? gb * 1024 * 0.75 : undefined;
}

function parseModelId(id: string): { name: string; quantization?: string; shortContext: boolean } {
  const match = /^(.*?)-(q\d+f\d+(?:_\d+)?)-MLC(.*)$/.exec(id);
  if (!match) return { name: id.replace(/-MLC.*$/, ''), shortContext: false };
  return { name: match[1] ?? id, quantization: match[2], shortContext: /-1k\b/.test(match[3] ?? '') };
}

function parseParametersB(name: string): number | undefined {
  for (const segment of name.split('-')) {
    const match = /^(\d+(?:[._]\d+)?)([bm])$/i.exec(segment);
    if (match) {
      const value = Number((match[1] ?? '').replace('_', '.'));
      return match[2]?.toLowerCase() === 'm' ? value / 1000 : value;
    }
  }
  const lower = name.toLowerCase();
  return KNOWN_SIZES_B.find(([prefix]) => lower.startsWith(prefix))?.[1];
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 ? n : undefined;
}

/** "1.5 GB" / "800 MB", for people. */
export function formatGB(mb: number): string {
  return mb >= 1000 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
