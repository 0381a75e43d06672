/**
 * The worker's side of worker-protocol.ts: runs requests on web-llm's engine and posts the
 * results back. Pure (the engine comes from a factory), so it runs in Node with a fake.
 */
import { countWithEngine } from './token-count';
import { ToWorker, type FromWorker, type GenerateRequest } from './worker-protocol';

/** One streamed chunk, as much of web-llm's ChatCompletionChunk as is read. */
export interface EngineChunk {
  choices: Array<{ delta?: { content?: string | null } }>;
}

/** The slice of web-llm's `MLCEngine` the worker uses. */
export interface WorkerEngine {
  reload(modelId: string): Promise<void>;
  interruptGenerate(): void;
  chat: {
    completions: {
      create(request: GenerateRequest & { stream: true }): Promise<AsyncIterable<EngineChunk>>;
    };
  };
}

/** Where the handler posts its replies (the worker's `self` fits). */
export interface ReplyPort {
  postMessage(message: FromWorker): void;
}

/**
 * Creates the handler. `createEngine` receives the load-progress callback web-llm's engine
 * takes at construction; reports go to the reload in progress.
 */
export function createWorkerHandler(
  createEngine: (onProgress: (report: { progress: number; text: string }) => void) => WorkerEngine,
  port: ReplyPort,
): (data: unknown) => void {
  let reloading: number | null = null;
  const engine = createEngine(({ progress, text }) => {
    if (reloading !== null) port.postMessage({ kind: 'progress', requestId: reloading, progress, text });
  });
  // Generations in flight; `cancelled` is set when the page gives up before or while streaming.
  const active = new Map<number, { iterator?: AsyncIterator<EngineChunk>; cancelled: boolean }>();

  const error = (requestId: number, cause: unknown): FromWorker => ({
    kind: 'error',
    requestId,
    name: cause instanceof Error ? cause.name : 'Error',
    message: cause instanceof Error ? cause.message : String(cause),
  });

  async function reload(requestId: number, modelId: string) {
    reloading = requestId;
    try {
      await engine.reload(modelId);
      port.postMessage({ kind: 'reloaded', requestId });
    } catch (cause) {
      port.postMessage(error(requestId, cause));
    } finally {
      if (reloading === requestId) reloading = null;
    }
  }

  async function generate(requestId: number, request: GenerateRequest) {
    const entry: { iterator?: AsyncIterator<EngineChunk>; cancelled: boolean } = { cancelled: false };
    active.set(requestId, entry);
    try {
      const chunks = await engine.chat.completions.create({ ...request, stream: true });
      entry.iterator = chunks[Symbol.asyncIterator]();
      while (!entry.cancelled) {
        const next = await entry.iterator.next();
        if (next.done) break;
        const text = next.value.choices[0]?.delta?.content;
        if (text && !entry.cancelled) port.postMessage({ kind: 'chunk', requestId, text });
      }
      if (!entry.cancelled) port.postMessage({ kind: 'done', requestId });
    } catch (cause) {
      if (!entry.cancelled) port.postMessage(error(requestId, cause));
    } finally {
      active.delete(requestId);
      // Closing the generator releases web-llm's per-model lock for the next request.
      if (entry.cancelled) void entry.iterator?.return?.(undefined).catch(() => {});
    }
  }

  return (data) => {
    const parsed = ToWorker.safeParse(data);
    if (!parsed.success) {
      const requestId = typeof data === 'object' && data && 'requestId' in data ? data.requestId : undefined;
      if (typeof requestId === 'number' && requestId > 0)
        port.postMessage(error(requestId, new Error('The web-llm worker got a malformed request.')));
      return;
    }
    const message = parsed.data;
    switch (message.kind) {
      case 'reload':
        void reload(message.requestId, message.modelId);
        return;
      case 'generate':
        void generate(message.requestId, message.request);
        return;
      case 'interrupt':
        engine.interruptGenerate();
        return;
      case 'countTokens': {
        let count: number | null = null;
        try {
          count = countWithEngine(engine, message.text);
        } catch {
          count = null; // web-llm internals changed shape: the page estimates instead
        }
        port.postMessage({ kind: 'tokenCount', requestId: message.requestId, count });
        return;
      }
      case 'cancel': {
        const entry = active.get(message.requestId);
        if (!entry) return;
        entry.cancelled = true;
        engine.interruptGenerate();
        return;
      }
    }
  };
}
