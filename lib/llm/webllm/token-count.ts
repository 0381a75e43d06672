/**
 * Counting tokens with the loaded model's own tokenizer. web-llm's worker protocol has no
 * tokenize request and its tokenizer lives inside the worker's engine, so the worker
 * answers one extra message of ours over a private MessageChannel port (the
 * WebWorkerMLCEngine client never sees it). Either side falls back to null, and the
 * engine then uses the estimate.
 */

/** The request worker.ts answers before web-llm's handler sees any message. */
export const COUNT_TOKENS = 'hearth.countTokens';

/** The parts of a worker the request needs (a real Worker fits). */
export interface TokenCountPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/** Whether a message received by the worker is our count request. */
export function isCountRequest(data: unknown): data is { kind: typeof COUNT_TOKENS; text: string } {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { kind?: unknown }).kind === COUNT_TOKENS &&
    typeof (data as { text?: unknown }).text === 'string'
  );
}

interface TokenizerLike {
  encode(text: string): ArrayLike<number>;
}

/**
 * Tokens `text` takes in the model web-llm's engine has loaded, or null when no model is
 * loaded or this web-llm keeps its tokenizer elsewhere. It reads web-llm internals
 * (`loadedModelIdToPipeline`, the pipeline's `tokenizer`), checked at every step, because
 * no public API exposes the tokenizer in the worker.
 */
export function countWithEngine(engine: unknown, text: string): number | null {
  const pipelines = (engine as { loadedModelIdToPipeline?: unknown } | null)?.loadedModelIdToPipeline;
  if (!(pipelines instanceof Map)) return null;
  for (const pipeline of pipelines.values()) {
    const tokenizer = (pipeline as { tokenizer?: Partial<TokenizerLike> } | null)?.tokenizer;
    if (typeof tokenizer?.encode === 'function') {
      const length = tokenizer.encode(text)?.length;
      return typeof length === 'number' ? length : null;
    }
  }
  return null;
}

/** Asks the worker for a count; null on no answer within `timeoutMs` or no tokenizer. */
export function requestTokenCount(
  worker: TokenCountPort,
  text: string,
  timeoutMs = 2000,
): Promise<number | null> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const done = (value: number | null) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    channel.port1.onmessage = (event: MessageEvent) =>
      done(typeof event.data === 'number' && Number.isFinite(event.data) ? event.data : null);
    worker.postMessage({ kind: COUNT_TOKENS, text }, [channel.port2]);
  });
}
