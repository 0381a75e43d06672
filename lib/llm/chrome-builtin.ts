import type {
  Availability,
  ChatEngine,
  GenerateOptions,
  LoadOptions,
  ModelInfo,
  PromptMessage,
} from './engine';
import { EngineError, isAbort } from './errors';
import { estimateTokens } from './token-estimate';

import type { Languages, PromptApi, PromptApiHost, PromptApiMessage, PromptApiSession } from './prompt-api';

export type { PromptApi, PromptApiHost, PromptApiMessage, PromptApiSession } from './prompt-api';

const MODEL_ID = 'chrome-builtin';
// Until a session reports its own size. Gemini Nano sessions have reported a few thousand
// tokens (6144 in Chrome 128–137); prompt assembly just needs a figure not too generous.
const DEFAULT_CONTEXT_WINDOW = 6144;
// Chrome asks for the output language and warns without one; these are the ones it supports.
const SUPPORTED_LANGUAGES = ['en', 'es', 'ja'];

/** Creates the engine for Chrome's built-in model; `global` is where the Prompt API is looked up. */
export function createChromeBuiltinEngine(global: PromptApiHost = globalThis as PromptApiHost): ChatEngine {
  let loaded = false;
  let contextWindow = DEFAULT_CONTEXT_WINDOW;
  // One idle session kept for measuring inputs, so counting does not create one per text.
  let measurer: Promise<PromptApiSession> | null = null;

  const legacy = !global.LanguageModel && !!global.ai?.languageModel;
  const api = () => global.LanguageModel ?? global.ai?.languageModel;
  const primary = global.navigator?.language?.split('-')[0]?.toLowerCase() ?? 'en';
  const language = SUPPORTED_LANGUAGES.includes(primary) ? primary : 'en';
  const expected = { expectedInputs: texts(language), expectedOutputs: texts(language) };

  function requireApi(): PromptApi {
    const found = api();
    if (!found) throw new EngineError('unavailable', NO_API);
    return found;
  }

  async function status(): Promise<'available' | 'downloadable' | 'downloading' | 'unavailable'> {
    const lm = requireApi();
    const said = lm.availability
      ? await lm.availability(expected)
      : LEGACY_STATES[(await lm.capabilities?.())?.available ?? 'no'];
    return said === 'available' || said === 'downloadable' || said === 'downloading' ? said : 'unavailable';
  }

  async function availability(): Promise<Availability> {
    if (!api()) return { available: false, reason: NO_API };
    try {
      switch (await status()) {
        case 'available':
          return { available: true };
        case 'downloadable':
          return {
            available: true,
            note: 'Chrome needs to download its built-in model once before the first reply.',
          };
        case 'downloading':
          return { available: true, note: 'Chrome is downloading its built-in model.' };
        case 'unavailable':
          return { available: false, reason: UNSUPPORTED_DEVICE };
      }
    } catch (error) {
      return { available: false, reason: translate(error).message };
    }
  }

  async function listModels(): Promise<ModelInfo[]> {
    const state = await availability();
    const model: ModelInfo = { id: MODEL_ID, label: 'Chrome built-in (Gemini Nano)', contextWindow };
    if (!state.available) model.unsupportedReason = state.reason;
    else model.cached = !state.note;
    return [model];
  }

  async function load(modelId: string, options: LoadOptions = {}): Promise<void> {
    if (modelId !== MODEL_ID) {
      throw new EngineError('unsupported-model', `Chrome's built-in engine has one model, not “${modelId}”.`);
    }
    const lm = requireApi();
    const state = await availability();
    if (!state.available) throw new EngineError('unavailable', state.reason);
    try {
      // Creating a session is what starts Chrome's one-time download, with progress events.
      const session = await lm.create({
        ...expected,
        signal: options.signal,
        monitor: (monitor) =>
          monitor.addEventListener('downloadprogress', (event) => {
            const { loaded: done = 0, total = 1 } = event as Event & { loaded?: number; total?: number };
            const fraction = Math.min(1, Math.max(0, total > 0 ? done / total : 0));
            options.onProgress?.({
              fraction,
              text: `Chrome is downloading its model: ${Math.round(fraction * 100)}%`,
            });
          }),
      });
      contextWindow = sizeOf(session) ?? DEFAULT_CONTEXT_WINDOW;
      session.destroy();
    } catch (error) {
      throw translate(error, 'download-failed');
    }
    loaded = true;
    options.onProgress?.({ fraction: 1, text: "Chrome's built-in model is ready." });
  }

  async function* stream(messages: PromptMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    if (!loaded)
      throw new EngineError('not-loaded', "Chrome's built-in model isn't ready yet. Load it first.");
    const lm = requireApi();
    const { initialPrompts, prompt } = toPromptApi(messages);
    let session: PromptApiSession | undefined;
    try {
      session = await lm.create({
        ...expected,
        initialPrompts,
        signal: options.signal,
        ...(await sampling(lm, options.temperature)),
      });
      // maxTokens has no Prompt API counterpart; the reply ends when the model ends it.
      let full = '';
      // Chrome 137+ constrains the reply to a JSON Schema; older versions ignore the option.
      const constraint =
        options.json && options.json !== true ? { responseConstraint: options.json.schema } : {};
      for await (const chunk of iterate(
        session.promptStreaming(prompt, { signal: options.signal, ...constraint }),
      )) {
        if (options.signal?.aborted) throw new EngineError('aborted', 'Stopped.');
        // Chrome before 131 streamed the whole reply so far in each chunk, not the new part.
        const delta = legacy && full && chunk.startsWith(full) ? chunk.slice(full.length) : chunk;
        full = legacy && full && chunk.startsWith(full) ? chunk : full + chunk;
        if (delta) yield delta;
      }
    } catch (error) {
      throw options.signal?.aborted
        ? new EngineError('aborted', 'Stopped.', { cause: error })
        : translate(error);
    } finally {
      session?.destroy(); // also stops generation when the consumer stopped early
    }
  }

  return {
    kind: 'chrome',
    availability,
    listModels,
    load,
    loadedModel: () => (loaded ? MODEL_ID : null),
    contextWindow: () => contextWindow,
    stream,
    async countTokens(text) {
      if (!loaded) return estimateTokens(text);
      try {
        measurer ??= requireApi().create({ ...expected });
        const session = await measurer;
        const measured = session.measureInputUsage
          ? await session.measureInputUsage(text)
          : await session.countPromptTokens?.(text);
        return typeof measured === 'number' && Number.isFinite(measured) ? measured : estimateTokens(text);
      } catch {
        // Measuring is a help for budgeting; the estimate is always there.
        measurer = null;
        return estimateTokens(text);
      }
    },
    async unload() {
      loaded = false;
      const previous = measurer;
      measurer = null;
      (await previous?.catch(() => null))?.destroy();
    },
  };
}

const LEGACY_STATES: Record<string, string> = { readily: 'available', 'after-download': 'downloadable' };
const NO_API = "This browser has no built-in model (Chrome's Prompt API).";
const UNSUPPORTED_DEVICE =
  "Chrome says this device doesn't meet the requirements for its built-in model (enough memory, disk space and a capable GPU or CPU).";

function texts(language: string): Languages {
  return [{ type: 'text', languages: [language] }];
}

/**
 * Splits the conversation the way the Prompt API wants it: one system prompt first, the
 * history as initial prompts, the last user message as the prompt. The API accepts a
 * system message only in first place, so later ones (page context, say) join the first.
 */
export function toPromptApi(messages: PromptMessage[]): {
  initialPrompts: PromptApiMessage[];
  prompt: string;
} {
  const last = messages.at(-1);
  if (!last || last.role !== 'user') {
    throw new EngineError('bad-response', 'There is no message to reply to.');
  }
  const history = messages.slice(0, -1);
  const system = history.filter((m) => m.role === 'system').map((m) => m.content);
  const turns = history.filter((m) => m.role !== 'system').map(({ role, content }) => ({ role, content }));
  const initialPrompts = system.length
    ? [{ role: 'system' as const, content: system.join('\n\n') }, ...turns]
    : turns;
  return { initialPrompts, prompt: last.content };
}

async function sampling(lm: PromptApi, temperature: number | undefined) {
  if (temperature === undefined || !lm.params) return {};
  // The API takes a temperature only together with a topK, and only in extension contexts.
  const params = await lm.params().catch(() => null);
  if (!params) return {};
  const max = params.maxTemperature ?? temperature;
  return { temperature: Math.min(temperature, max), topK: params.defaultTopK };
}

function sizeOf(session: PromptApiSession): number | undefined {
  const size = session.contextWindow ?? session.inputQuota;
  return typeof size === 'number' && Number.isFinite(size) && size > 0 ? size : undefined;
}

async function* iterate(source: ReadableStream<string> | AsyncIterable<string>): AsyncGenerator<string> {
  if (!('getReader' in source)) return yield* source;
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Maps the DOMExceptions the Prompt API throws to EngineErrors with words for people. */
function translate(error: unknown, fallback: 'unavailable' | 'download-failed' = 'unavailable'): EngineError {
  if (error instanceof EngineError) return error;
  if (isAbort(error)) return new EngineError('aborted', 'Stopped.', { cause: error });
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const said = error instanceof Error && error.message ? ` (Chrome said: ${error.message})` : '';
  switch (name) {
    case 'QuotaExceededError':
      return new EngineError(
        'context-overflow',
        "The conversation is too long for Chrome's built-in model.",
        {
          cause: error,
        },
      );
    case 'NotAllowedError':
      return new EngineError(
        'permission-denied',
        `Chrome didn't allow its built-in model here. It may be turned off by a policy, or the first download may need a click.${said}`,
        { cause: error },
      );
    case 'NotSupportedError':
      return new EngineError('unavailable', `Chrome's built-in model can't handle this request.${said}`, {
        cause: error,
      });
    case 'NetworkError':
      return new EngineError('download-failed', `Chrome couldn't download its built-in model.${said}`, {
        cause: error,
      });
  }
  const what =
    fallback === 'download-failed'
      ? "Chrome couldn't get its built-in model ready."
      : "Chrome's built-in model failed.";
  return new EngineError(fallback, `${what}${said}`, { cause: error });
}
