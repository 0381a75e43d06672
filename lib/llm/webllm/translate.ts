/**
 * Translates what web-llm says into Hearth's terms: load reports into one rising fraction
 * with a line for people, and what web-llm and WebGPU throw into EngineErrors with
 * messages for people. Across the worker web-llm's named errors survive only as text (the
 * handler sends back `err.toString()`, e.g. "DeviceLostError: The WebGPU device was
 * lost…"), so errors are matched on name and message text, never with `instanceof`.
 */
import type { LoadProgress } from '../engine';
import type { EngineErrorCode } from '../errors';
import { EngineError, isAbort } from '../errors';

/** The message for a failed weight download (the UI shows it as is). */
export const DOWNLOAD_FAILED =
  "Couldn't download the model — check your connection. Other engines still work.";

// Checked in order: DeviceLostError's own message mentions "out of memory", so it comes first.
const RULES: Array<[RegExp, EngineErrorCode, string]> = [
  [
    /DeviceLostError|device (?:was |is )?lost|Device lost/i,
    'device-lost',
    'The graphics card stopped responding (this often means it ran out of memory), so the local model was unloaded. Load it again, or pick a smaller model. Other engines still work.',
  ],
  [
    /out[ -]of[ -]memory|OutOfMemory|Cannot allocate|allocation failed|could not allocate|Maximum memory size exceeded/i,
    'out-of-memory',
    "There isn't enough memory for this model. Close some tabs or pick a smaller model.",
  ],
  [
    /QuotaExceeded|quota/i,
    'download-failed',
    "There isn't enough free disk space to store the model. Free some space or delete a downloaded model, then try again.",
  ],
  [
    /IntegrityError|Integrity verification failed/i,
    'download-failed',
    'The downloaded model files are damaged. Delete the model and download it again.',
  ],
  [
    /WebGPUNotAvailableError|WebGPUNotFoundError|Unable to find a compatible GPU|Cannot find WebGPU/i,
    'no-webgpu',
    "This browser can't use the graphics card for local models (WebGPU is unavailable). Other engines still work.",
  ],
  [
    /ShaderF16SupportError|FeatureSupportError|requires (?:WebGPU extension|feature)/i,
    'unsupported-model',
    'This model needs a graphics feature this device lacks. Pick one of the models listed for this device.',
  ],
  [
    /Cannot initialize runtime because of requested \w+ exceeds limit/i,
    'unsupported-model',
    "This device's graphics adapter is too limited for local models. An endpoint such as Ollama will work instead.",
  ],
  [
    /ModelNotFoundError|Cannot find model record/i,
    'unsupported-model',
    "Hearth doesn't know this local model.",
  ],
  [
    /ContextWindowSizeExceededError|exceed context window size/i,
    'context-overflow',
    "The conversation is too long for this model's memory. Start a new conversation or pick a model with a larger context.",
  ],
  [
    /ModelNotLoadedError|not loaded with a model|Model not loaded/i,
    'not-loaded',
    "The local model isn't loaded any more (the graphics card may have been reset). Load it again in the settings.",
  ],
  [
    /Failed to fetch|NetworkError|Network request failed|Load failed|Cannot fetch|Request failed|bad status|net::ERR_|fetch failed/i,
    'download-failed',
    DOWNLOAD_FAILED,
  ],
];

/** Maps anything web-llm or WebGPU throws (an Error, or the "Name: message" string a worker sends back) to an EngineError. */
export function classifyWebLlmError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  if (isAbort(error)) return aborted(error);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/\bAbortError\b/.test(text)) return aborted(error);
  for (const [pattern, code, message] of RULES) {
    if (pattern.test(text)) return new EngineError(code, message, { cause: error });
  }
  return new EngineError(
    'bad-response',
    'The local model ran into a problem. Try loading it again, or use another engine.',
    { cause: error },
  );
}

/** The EngineError for a cancelled load or reply. */
export function aborted(cause?: unknown): EngineError {
  return new EngineError('aborted', 'Stopped.', cause === undefined ? undefined : { cause });
}

/**
 * Turns web-llm's load reports into one rising fraction and a line for people. web-llm
 * restarts its own `progress` at 0 for each phase (download, load from cache, shader
 * compilation), which would make a progress bar jump back; the phases get slices instead.
 */
export function createProgressMapper(): (report: { progress: number; text: string }) => LoadProgress {
  let downloaded = false;
  let last = 0;
  return ({ progress, text }) => {
    const p = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
    const percent = `${Math.floor(p * 100)}%`;
    let fraction = last;
    let line = 'Starting…';
    if (/^Fetching param cache/i.test(text)) {
      downloaded = true;
      const mb = /(\d+)\s*MB fetched/i.exec(text)?.[1];
      fraction = 0.8 * p;
      line = `Downloading the model${mb ? `: ${mb} MB so far` : ''} (${percent})`;
    } else if (/^Loading model from cache/i.test(text)) {
      fraction = downloaded ? 0.8 + 0.1 * p : 0.6 * p;
      line = `Loading the model into memory (${percent})`;
    } else if (/^Loading GPU shader modules/i.test(text)) {
      fraction = downloaded ? 0.9 + 0.1 * p : 0.6 + 0.4 * p;
      line = `Preparing the graphics card (${percent})`;
    } else if (/^Finish loading/i.test(text)) {
      fraction = 1;
      line = 'Ready.';
    }
    last = Math.max(last, fraction);
    return { fraction: last, text: line };
  };
}
