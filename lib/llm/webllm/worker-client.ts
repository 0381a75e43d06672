/**
 * The page's side of worker-protocol.ts: an `MlcClient` (what engine.ts drives) that talks to
 * the web-llm worker without importing web-llm. Replies are checked with zod; a malformed one
 * fails the request it names instead of being trusted.
 */
import type { MlcClient } from './engine';
import { FromWorker, GenerateRequest, type PortLike, type ToWorker } from './worker-protocol';

/** One streamed piece of a reply, shaped like web-llm's chunk (engine.ts reads `delta.content`). */
interface Chunk {
  choices: Array<{ delta: { content: string } }>;
}

interface Stream {
  chunks: string[];
  finished: boolean;
  error: Error | null;
  /** Wakes the pending next(), if any. */
  wake: (() => void) | null;
}

interface Pending {
  resolve(): void;
  reject(error: Error): void;
}

/** A count not answered within this long is given up (the worker may be busy compiling shaders). */
const COUNT_TIMEOUT_MS = 2000;

/** Creates the client; `onProgress` receives the worker's load reports. */
export function createWorkerClient(
  port: PortLike,
  onProgress: (report: { progress: number; text: string }) => void,
  countTimeoutMs = COUNT_TIMEOUT_MS,
): MlcClient {
  let nextId = 1;
  const reloads = new Map<number, Pending>();
  // Token counts waiting for their answer; a failure of any kind answers null (the caller estimates).
  const counts = new Map<number, (count: number | null) => void>();
  const streams = new Map<number, Stream>();
  const send = (message: ToWorker) => port.postMessage(message);

  const fail = (requestId: number, error: Error) => {
    counts.get(requestId)?.(null);
    const reload = reloads.get(requestId);
    if (reload) {
      reloads.delete(requestId);
      reload.reject(error);
    }
    const stream = streams.get(requestId);
    if (stream) {
      streams.delete(requestId);
      stream.error = error;
      stream.wake?.();
    }
  };

  port.addEventListener('message', ({ data }) => {
    const parsed = FromWorker.safeParse(data);
    if (!parsed.success) {
      const id = typeof data === 'object' && data && 'requestId' in data ? data.requestId : undefined;
      if (typeof id === 'number') fail(id, new Error('The local model worker sent a malformed reply.'));
      else
        console.warn('Hearth: ignored a malformed message from the web-llm worker', parsed.error.issues[0]);
      return;
    }
    const reply = parsed.data;
    switch (reply.kind) {
      case 'progress':
        if (reloads.has(reply.requestId)) onProgress({ progress: reply.progress, text: reply.text });
        return;
      case 'reloaded': {
        const reload = reloads.get(reply.requestId);
        reloads.delete(reply.requestId);
        reload?.resolve();
        return;
      }
      case 'tokenCount':
        counts.get(reply.requestId)?.(reply.count);
        return;
      case 'error': {
        const error = new Error(reply.message);
        error.name = reply.name; // translate.ts tells web-llm's errors apart by name
        fail(reply.requestId, error);
        return;
      }
      case 'chunk':
      case 'done': {
        const stream = streams.get(reply.requestId);
        if (!stream) return; // a generation the page already gave up on
        if (reply.kind === 'chunk') stream.chunks.push(reply.text);
        else {
          stream.finished = true;
          streams.delete(reply.requestId);
        }
        stream.wake?.();
        return;
      }
    }
  });

  function openStream(requestId: number): AsyncIterable<Chunk> {
    const stream: Stream = { chunks: [], finished: false, error: null, wake: null };
    streams.set(requestId, stream);
    const iterator: AsyncIterator<Chunk> = {
      async next() {
        for (;;) {
          const text = stream.chunks.shift();
          if (text !== undefined) return { done: false, value: { choices: [{ delta: { content: text } }] } };
          if (stream.error) throw stream.error;
          if (stream.finished) return { done: true, value: undefined };
          await new Promise<void>((resolve) => (stream.wake = resolve));
          stream.wake = null;
        }
      },
      async return() {
        if (!stream.finished && !stream.error && streams.has(requestId)) send({ kind: 'cancel', requestId });
        streams.delete(requestId);
        stream.finished = true;
        stream.chunks = [];
        stream.wake?.();
        return { done: true, value: undefined };
      },
    };
    return { [Symbol.asyncIterator]: () => iterator };
  }

  return {
    reload(modelId) {
      const requestId = nextId++;
      return new Promise<void>((resolve, reject) => {
        reloads.set(requestId, { resolve, reject });
        send({ kind: 'reload', requestId, modelId });
      });
    },
    interruptGenerate() {
      send({ kind: 'interrupt' });
    },
    countTokens(text) {
      const requestId = nextId++;
      return new Promise<number | null>((resolve) => {
        const answer = (count: number | null) => {
          clearTimeout(timer);
          counts.delete(requestId);
          resolve(count);
        };
        const timer = setTimeout(() => answer(null), countTimeoutMs);
        counts.set(requestId, answer);
        send({ kind: 'countTokens', requestId, text });
      });
    },
    chat: {
      completions: {
        async create({ stream: _stream, ...request }) {
          const requestId = nextId++;
          const iterable = openStream(requestId);
          send({ kind: 'generate', requestId, request: GenerateRequest.parse(request) });
          return iterable;
        },
      },
    },
  };
}
