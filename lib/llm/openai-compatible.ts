import { z } from 'zod';
import type { Availability, ChatEngine, GenerateOptions, ModelInfo, PromptMessage } from './engine';
import { EngineError, isAbort } from './errors';
import {
  badResponse,
  createRequestGuard,
  httpError,
  readJson,
  sendRequest,
  serverSaid,
  streamCut,
  unreadable,
} from './openai-http';
import { JSON_NONE, JSON_SCHEMA, jsonLevel, responseFormat } from './openai-json-mode';
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from './reply-limits';
import { parseSse } from './sse';
import { estimateTokens } from './token-estimate';

/** Where an OpenAI-compatible server lives and how patient to be with it. */
export interface OpenAiEngineConfig {
  /** e.g. `http://127.0.0.1:11434` (Ollama) or `http://localhost:1234/v1` (LM Studio). */
  baseUrl: string;
  apiKey?: string;
  /** The model to use before `load()` is called. */
  model?: string;
  /** Injected for tests or for a fetch bound to another realm; defaults to the global one. */
  fetch?: typeof fetch;
  timeouts?: { connectMs?: number; firstTokenMs?: number; idleMs?: number };
  /** Caps on one reply (openai-http.ts); the defaults are the real ones, tests pass smaller. */
  limits?: Partial<ReplyLimits>;
}

// connectMs bounds the quick metadata calls (/models). A chat request gets firstTokenMs for
// its headers too: Ollama, for one, sends no headers until the model is loaded and has
// produced its first token, and a cold load of a large model can take a minute.
const DEFAULT_TIMEOUTS = { connectMs: 10_000, firstTokenMs: 120_000, idleMs: 30_000 };

// Used when the server does not say. 4096 is what Ollama and llama.cpp's server run with
// unless told otherwise; assuming more would let prompts overflow and be silently
// truncated by the server, assuming less only trims memory a little early.
const DEFAULT_CONTEXT_WINDOW = 4096;

const contextField = z.number().int().positive().optional().catch(undefined);
const modelListSchema = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      context_length: contextField, // OpenRouter, the scripted test server
      max_model_len: contextField, // vLLM
      max_context_length: contextField, // LM Studio
      meta: z.object({ n_ctx_train: contextField }).optional().catch(undefined), // llama.cpp
    }),
  ),
});
const deltaSchema = z.object({ content: z.string().nullish() }).nullish();
const choiceSchema = z.object({ delta: deltaSchema, finish_reason: z.string().nullish() });
const chunkSchema = z.object({ choices: z.array(choiceSchema).default([]) });
const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })).min(1),
});
/** Turns what a person typed into the API root ending in `/v1`, or throws a readable EngineError. */
export function normalizeBaseUrl(raw: string): string {
  const invalid = () =>
    new EngineError(
      'unreachable',
      `“${raw.trim()}” is not an address Hearth can use. Use one that starts with http:// or https://, like http://127.0.0.1:11434.`,
    );
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (error) {
    throw Object.assign(invalid(), { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid();
  // fetch() refuses URLs with credentials in them; say so now rather than fail later.
  if (url.username || url.password) {
    throw new EngineError('unreachable', 'Put the API key in its own field, not in the server address.');
  }
  // People paste the full endpoint as often as the root.
  let path = url.pathname.replace(/\/+$/, '').replace(/\/(chat\/completions|models)$/, '');
  // Append /v1 unless a version segment is already there (e.g. Gemini's /v1beta/openai).
  if (!/\/v\d+[a-z0-9]*(\/|$)/i.test(path)) path += '/v1';
  return `${url.origin}${path}`;
}

/** Creates the engine for Ollama, LM Studio, llama.cpp server, vLLM or any OpenAI-compatible URL. */
export function createOpenAiEngine(config: OpenAiEngineConfig): ChatEngine {
  const doFetch = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const limits = { ...DEFAULT_REPLY_LIMITS, ...config.limits };
  let model: string | null = config.model ?? null;
  let contextWindow = DEFAULT_CONTEXT_WINDOW;
  /** The strictest JSON mode this server has not refused (see responseFormat). */
  let jsonSupport = JSON_SCHEMA;

  // An invalid URL must not make construction throw (settings may hold a bad one); every
  // call reports it instead.
  function base(): string {
    return normalizeBaseUrl(config.baseUrl);
  }
  const shown = (root: string) => root.replace(/\/v1$/, '');

  function headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: json ? 'application/json' : 'text/event-stream' };
    if (!json) h['Content-Type'] = 'application/json';
    if (config.apiKey) h.Authorization = `Bearer ${config.apiKey}`;
    return h;
  }

  async function fetchModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const root = base();
    const where = shown(root);
    const guard = createRequestGuard(signal, where);
    try {
      guard.arm(timeouts.connectMs, 'connect');
      const res = await sendRequest(doFetch, guard, `${root}/models`, { headers: headers(true) });
      if (!res.ok) throw await httpError(res, where);
      const parsed = modelListSchema.safeParse(await readJson(res, where));
      if (!parsed.success) throw badResponse(where, parsed.error);
      return parsed.data.data.map((m) => ({
        id: m.id,
        label: m.id,
        contextWindow:
          m.context_length ??
          m.max_model_len ??
          m.max_context_length ??
          m.meta?.n_ctx_train ??
          DEFAULT_CONTEXT_WINDOW,
      }));
    } catch (error) {
      throw guard.translate(error, () => unreadable(where, error));
    } finally {
      guard.dispose();
    }
  }

  async function* stream(messages: PromptMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    const root = base();
    const where = shown(root);
    if (!model)
      throw new EngineError('not-loaded', 'Pick a model for this server first, in the engine settings.');
    const guard = createRequestGuard(options.signal, where, limits);
    const deadline = Date.now() + timeouts.firstTokenMs;
    let gotToken = false;
    let finished = false; // a finish_reason or [DONE] arrived
    let reading = false; // the headers are in; the body is being read
    try {
      guard.arm(timeouts.firstTokenMs, 'first-token');
      guard.startReplyClock();
      const body = {
        model,
        messages,
        stream: true,
        ...(options.temperature !== undefined && { temperature: options.temperature }),
        ...(options.maxTokens !== undefined && { max_tokens: options.maxTokens }),
      };
      // Structured requests try the strictest JSON mode this server is known to accept; a
      // server that rejects it with 400 is asked again one mode down, and the mode that
      // worked is remembered for this engine.
      let level = Math.min(jsonLevel(options.json), jsonSupport);
      let res: Response;
      for (;;) {
        res = await sendRequest(doFetch, guard, `${root}/chat/completions`, {
          method: 'POST',
          headers: headers(false),
          body: JSON.stringify({ ...body, ...responseFormat(options.json, level) }),
        });
        if (res.status !== 400 || level === JSON_NONE) break;
        await res.body?.cancel().catch(() => {});
        level--;
      }
      if (!res.ok) throw await httpError(res, where);
      if (level < Math.min(jsonLevel(options.json), jsonSupport)) jsonSupport = level;
      if (!res.body) throw badResponse(where);
      reading = true;
      if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
        // Some servers ignore `stream: true` and answer with one JSON completion.
        const parsed = completionSchema.safeParse(await readJson(res, where));
        if (!parsed.success) throw badResponse(where, parsed.error);
        const text = parsed.data.choices[0]?.message.content ?? '';
        if (text) guard.token(text);
        finished = true;
        if (text) yield text;
        return;
      }
      // Waiting on the server is timed; waiting on our consumer between deltas is not.
      const bytes = guard.watch(res.body, () =>
        gotToken ? [timeouts.idleMs, 'idle'] : [deadline - Date.now(), 'first-token'],
      );
      for await (const event of parseSse(bytes)) {
        if (event.data === '[DONE]') {
          finished = true;
          break;
        }
        const chunk = parseChunk(event.data, where);
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (text) guard.token(text); // only text counts as activity, and it is capped
        if (choice?.finish_reason) finished = true;
        if (text) {
          gotToken = true;
          yield text;
        }
      }
      if (!finished) throw streamCut(where);
    } catch (error) {
      // Once the reply is complete, a trailing failure (a dropped connection, a missing
      // [DONE], a stall before it) costs the user nothing: end normally.
      if (finished && !options.signal?.aborted) return;
      // Past the headers, a failing read means the connection dropped mid-reply.
      throw guard.translate(error, () => (reading ? streamCut(where, error) : unreadable(where, error)));
    } finally {
      guard.dispose(); // also aborts the request if the consumer stopped early
    }
  }

  return {
    kind: 'openai',
    async availability(): Promise<Availability> {
      try {
        const models = await fetchModels();
        if (models.length === 0) {
          return {
            available: false,
            reason: `The server at ${shown(base())} has no models. Load or pull one first.`,
          };
        }
        return {
          available: true,
          note: `${models.length} model${models.length === 1 ? '' : 's'} on the server.`,
        };
      } catch (error) {
        return { available: false, reason: messageOf(error) };
      }
    },
    listModels: () => fetchModels(),
    async load(modelId, options) {
      base(); // a bad address is an error here, not something to skip like a missing /models
      let models: ModelInfo[] | null = null;
      try {
        models = await fetchModels(options?.signal);
      } catch (error) {
        // Some servers do not implement /models; the first reply will tell whether the name is right.
        if (isAbort(error)) throw error;
      }
      const found = models?.find((m) => m.id === modelId);
      if (models && !found) {
        const known = models.map((m) => m.id).join(', ') || 'none';
        throw new EngineError(
          'not-found',
          `The server at ${shown(base())} has no model called “${modelId}”. It has: ${known}.`,
        );
      }
      model = modelId;
      contextWindow = found?.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
      options?.onProgress?.({ fraction: 1, text: `Using ${modelId}.` });
    },
    loadedModel: () => model,
    contextWindow: () => contextWindow,
    // The OpenAI API has no tokenizer endpoint (llama.cpp's /tokenize is not standard), so
    // prompt budgets use the conservative estimate.
    countTokens: async (text) => estimateTokens(text),
    stream,
    async unload() {
      model = null;
      contextWindow = DEFAULT_CONTEXT_WINDOW;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseChunk(data: string, where: string): z.infer<typeof chunkSchema> {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    throw new EngineError('bad-response', `The server at ${where} sent part of the reply garbled.`, {
      cause: error,
    });
  }
  // vLLM and others report a failure mid-stream as an error object in a data line.
  const failure = typeof json === 'object' && json !== null && 'error' in json ? serverSaid(json) : undefined;
  if (failure) throw new EngineError('bad-response', `The server at ${where} failed mid-reply: ${failure}`);
  const chunk = chunkSchema.safeParse(json);
  if (chunk.success) return chunk.data;
  throw badResponse(where, chunk.error);
}
