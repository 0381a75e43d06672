/**
 * WebGPU detection for the local (web-llm) engine. `classifyAdapter` is pure and takes an
 * adapter-like object so it can be tested with fakes; `detectWebGpu` is the only part that
 * touches `navigator.gpu`.
 */

/** The WebGPU features Hearth's model filter cares about. */
export interface GpuFeatures {
  /** 16-bit float shaders: every q4f16 / q0f16 model needs them. */
  shaderF16: boolean;
}

/** What the adapter reports, shared by the three cases (zeros when there is no adapter). */
export interface GpuDetails {
  features: GpuFeatures;
  /** Largest single GPU buffer, in bytes. */
  maxBufferSize: number;
  /** Largest storage-buffer binding, in bytes (web-llm records state per-model needs of it). */
  maxStorageBufferBindingSize: number;
  vendor?: string;
  architecture?: string;
  description?: string;
  /** Device RAM the browser reports (`navigator.deviceMemory`, rounded, capped): a rough memory budget. */
  deviceMemoryGB?: number;
}

/**
 * The three real situations: no usable WebGPU, a software (fallback) adapter such as
 * SwiftShader that works but is very slow, and a real GPU.
 */
export type GpuStatus =
  | ({ kind: 'none'; reason: string } & GpuDetails)
  | ({ kind: 'fallback' } & GpuDetails)
  | ({ kind: 'gpu' } & GpuDetails);

/** The part of a `GPUAdapter` the classifier reads; real adapters and test fakes both fit. */
export interface AdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  /** Older Chromium put the flag on the adapter itself (before `adapter.info`). */
  isFallbackAdapter?: boolean;
}

/** The part of `navigator` detection reads. */
export interface NavigatorLike {
  gpu?: {
    requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<unknown>;
  };
  deviceMemory?: number;
}

/** Shown when the browser has no `navigator.gpu` at all. */
export const NO_WEBGPU_REASON =
  "This browser doesn't offer WebGPU, which local models need. An endpoint (such as Ollama) or the browser's built-in model can still be used.";

/** Shown when WebGPU exists but no adapter is available (blocked GPU or driver, or turned off). */
export const NO_ADAPTER_REASON =
  'WebGPU is present but found no usable graphics adapter (the graphics card or its driver may be blocked, or WebGPU is turned off). An endpoint (such as Ollama) or the built-in model can still be used.';

const NO_DETAILS: GpuDetails = {
  features: { shaderF16: false },
  maxBufferSize: 0,
  maxStorageBufferBindingSize: 0,
};

/** Classifies an adapter (or its absence) into none / fallback / gpu with the details the model filter needs. */
export function classifyAdapter(
  adapter: AdapterLike | null | undefined,
  options: { deviceMemoryGB?: number; noAdapterReason?: string } = {},
): GpuStatus {
  if (!adapter) return { kind: 'none', reason: options.noAdapterReason ?? NO_ADAPTER_REASON, ...NO_DETAILS };
  const info = adapter.info ?? {};
  const details: GpuDetails = {
    features: { shaderF16: adapter.features.has('shader-f16') },
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    ...nonEmpty('vendor', info.vendor),
    ...nonEmpty('architecture', info.architecture),
    ...nonEmpty('description', info.description),
    ...(options.deviceMemoryGB ? { deviceMemoryGB: options.deviceMemoryGB } : {}),
  };
  // SwiftShader is Chromium's CPU implementation; some builds report it without the flag.
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    info.architecture?.toLowerCase() === 'swiftshader';
  return { kind: software ? 'fallback' : 'gpu', ...details };
}

/** Asks the browser for a WebGPU adapter and classifies it; never throws. */
export async function detectWebGpu(nav: NavigatorLike | undefined = globalNavigator()): Promise<GpuStatus> {
  const deviceMemoryGB = typeof nav?.deviceMemory === 'number' ? nav.deviceMemory : undefined;
  if (!nav?.gpu) return classifyAdapter(null, { noAdapterReason: NO_WEBGPU_REASON });
  try {
    // Same preference web-llm uses when it opens the device, so we judge the adapter it will get.
    const adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
    return classifyAdapter(isAdapterLike(adapter) ? adapter : null, { deviceMemoryGB });
  } catch {
    // requestAdapter rejects rather than returning null on some blocklisted setups.
    return classifyAdapter(null, { deviceMemoryGB });
  }
}

/** A one-line description of the status for people. */
export function describeGpu(status: GpuStatus): string {
  const name = status.description || [status.vendor, status.architecture].filter(Boolean).join(' ');
  switch (status.kind) {
    case 'none':
      return status.reason;
    case 'fallback':
      return `Only a software graphics adapter${name ? ` (${name})` : ''} is available: local models will run, but very slowly. Pick a small model, or use an endpoint such as Ollama.`;
    case 'gpu':
      return `Graphics card ready${name ? `: ${name}` : ''}.`;
  }
}

function nonEmpty<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}

function isAdapterLike(value: unknown): value is AdapterLike {
  return typeof value === 'object' && value !== null && 'features' in value && 'limits' in value;
}

function globalNavigator(): NavigatorLike | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as unknown as NavigatorLike);
}
