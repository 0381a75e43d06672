import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { classifyWebLlmError, createProgressMapper, DOWNLOAD_FAILED } from './translate';

/** A web-llm error as thrown in-process: an Error with web-llm's class name. */
function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('classifyWebLlmError', () => {
  // Across the worker, web-llm sends `err.toString()`, so most real errors arrive as strings.
  const cases: Array<[string, unknown, string]> = [
    [
      'device-lost',
      'DeviceLostError: The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM). To resolve this, try reloading with a model that has fewer parameters or uses a smaller context length.',
      'DeviceLostError from the worker (mentions OOM, still device loss)',
    ],
    [
      'device-lost',
      named('DeviceLostError', 'The WebGPU device was lost while loading the model.'),
      'in-process',
    ],
    ['out-of-memory', 'RangeError: Array buffer allocation failed', 'ArrayBuffer for a shard'],
    ['out-of-memory', 'Error: Cannot allocate 1073741824 bytes in Wasm memory', 'tvmjs Wasm heap'],
    ['out-of-memory', 'GPUOutOfMemoryError: Out of memory', 'WebGPU allocation'],
    ['download-failed', 'TypeError: Failed to fetch', 'Chromium offline'],
    ['download-failed', new TypeError('NetworkError when attempting to fetch resource.'), 'Firefox offline'],
    [
      'download-failed',
      "TypeError: Failed to execute 'add' on 'Cache': Request failed",
      'Cache.add on a 404',
    ],
    [
      'download-failed',
      'Error: Cannot fetch https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f32_1-MLC/resolve/main/params_shard_3.bin',
      'web-llm ArtifactCache',
    ],
    ['download-failed', 'QuotaExceededError: Quota exceeded.', 'disk full'],
    [
      'download-failed',
      'IntegrityError: Integrity verification failed for https://x/params_shard_0.bin',
      'damaged file',
    ],
    [
      'no-webgpu',
      "Error: Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU",
      'null adapter inside web-llm',
    ],
    [
      'no-webgpu',
      'WebGPUNotAvailableError: WebGPU is not supported in your current environment',
      'no WebGPU',
    ],
    [
      'unsupported-model',
      'ShaderF16SupportError: This model requires WebGPU extension shader-f16, which is not enabled in this browser.',
      'f16 model on an adapter without it',
    ],
    [
      'unsupported-model',
      'Error: Cannot initialize runtime because of requested maxStorageBufferBindingSize exceeds limit. requested=128MB, limit=64MB. ',
      'adapter below web-llm minimum',
    ],
    [
      'unsupported-model',
      'ModelNotFoundError: Cannot find model record in appConfig for Foo-MLC.',
      'unknown id',
    ],
    [
      'context-overflow',
      'ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096',
      'prompt too long',
    ],
    [
      'not-loaded',
      'ModelNotLoadedError: Model not loaded before trying to complete ChatCompletionRequest.',
      'unloaded after device loss',
    ],
    ['bad-response', 'Error: something nobody anticipated', 'anything else'],
  ];

  it.each(cases)('maps to %s: %#', (code, error) => {
    const result = classifyWebLlmError(error);
    expect(result).toBeInstanceOf(EngineError);
    expect(result.code).toBe(code);
    expect(result.cause).toBe(error);
    // Messages are for people: no class names or stack-trace vocabulary.
    expect(result.message).not.toMatch(/Error\b|undefined|\bnull\b/);
  });

  it('uses the agreed wording for a failed download', () => {
    expect(classifyWebLlmError('TypeError: Failed to fetch').message).toBe(DOWNLOAD_FAILED);
  });

  it('recognises aborts, native or stringified', () => {
    expect(classifyWebLlmError(new DOMException('The user aborted a request.', 'AbortError')).code).toBe(
      'aborted',
    );
    expect(classifyWebLlmError('AbortError: signal is aborted without reason').code).toBe('aborted');
  });

  it('passes an EngineError through unchanged', () => {
    const original = new EngineError('timeout', 'Too slow.');
    expect(classifyWebLlmError(original)).toBe(original);
  });
});

describe('createProgressMapper', () => {
  it('turns a first download into one rising fraction with phase names', () => {
    const map = createProgressMapper();
    const reports = [
      { progress: 0, text: 'Start to fetch params' },
      {
        progress: 0.5,
        text: 'Fetching param cache[11/22]: 310MB fetched. 50% completed, 12 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
      },
      { progress: 1, text: 'Fetching param cache[22/22]: 620MB fetched. 100% completed, 25 secs elapsed.' },
      // web-llm restarts at 0 for the next phase.
      { progress: 0, text: 'Loading model from cache[0/22]: 0MB loaded. 0% completed, 0 secs elapsed.' },
      {
        progress: 1,
        text: 'Loading model from cache[22/22]: 620MB loaded. 100% completed, 27 secs elapsed.',
      },
      { progress: 0.5, text: 'Loading GPU shader modules[40/80]: 50% completed, 28 secs elapsed.' },
      { progress: 1, text: 'Finish loading on WebGPU - google' },
    ].map(map);
    const fractions = reports.map((r) => r.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(reports[1]?.text).toBe('Downloading the model: 310 MB so far (50%)');
    expect(reports[3]?.text).toMatch(/^Loading the model into memory/);
    expect(reports[5]?.text).toBe('Preparing the graphics card (50%)');
    expect(reports[6]?.text).toBe('Ready.');
  });

  it('uses the whole bar for loading when the model is already downloaded', () => {
    const map = createProgressMapper();
    const loading = map({
      progress: 1,
      text: 'Loading model from cache[22/22]: 620MB loaded. 100% completed',
    });
    expect(loading.fraction).toBeCloseTo(0.6);
    expect(
      map({ progress: 0.5, text: 'Loading GPU shader modules[40/80]: 50% completed' }).fraction,
    ).toBeCloseTo(0.8);
  });
});
