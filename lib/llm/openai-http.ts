import { z } from 'zod';
import { EngineError } from './errors';

/**
 * The HTTP side of the OpenAI-compatible engine: one guard per request (the caller's abort
 * plus the timeouts), and the mapping from what a server did to an EngineError whose message
 * a person can act on. `where` is always the server address as the user typed it.
 */

/** Which wait ran out: the answer to a quick call, the first token, or the gap between chunks. */
export type TimeoutKind = 'connect' | 'first-token' | 'idle';

/** One request's abort controller, linked to the caller's signal, with the timeouts that fire it. */
export function createRequestGuard(outer: AbortSignal | undefined, where: string) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fired: { kind: TimeoutKind; ms: number } | null = null;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const clear = () => clearTimeout(timer);
  function arm(ms: number, kind: TimeoutKind): void {
    clear();
    const fire = () => {
      fired = { kind, ms };
      controller.abort(new DOMException('Timed out', 'TimeoutError'));
    };
    timer = setTimeout(fire, Math.max(0, ms));
  }

  return {
    signal: controller.signal,
    where,
    arm,
    timedOut: () => fired !== null,
    /** Times each read of `body` with the timeout `next()` gives, and nothing in between. */
    async *watch(
      body: ReadableStream<Uint8Array>,
      next: () => [number, TimeoutKind],
    ): AsyncGenerator<Uint8Array, void, undefined> {
      const reader = body.getReader();
      try {
        for (;;) {
          arm(...next());
          const { done, value } = await reader.read();
          clear();
          if (done) return;
          yield value;
        }
      } finally {
        clear();
        reader.releaseLock();
      }
    },
    /** The EngineError for whatever ended a request: the user, a timer, or else `otherwise()`. */
    translate(error: unknown, otherwise: () => EngineError): EngineError {
      if (outer?.aborted) return new EngineError('aborted', 'Stopped.', { cause: error });
      if (fired) return timeoutError(fired.kind, fired.ms, where, error);
      if (error instanceof EngineError) return error;
      return otherwise();
    },
    /** Stops the timers and, if the response is still open, aborts it to free the connection. */
    dispose(): void {
      clear();
      outer?.removeEventListener('abort', onOuterAbort);
      if (!controller.signal.aborted) controller.abort();
    },
  };
}

/** The guard of one request. */
export type RequestGuard = ReturnType<typeof createRequestGuard>;

/** fetch() under the guard's signal; a failure to connect becomes 'unreachable'. */
export async function sendRequest(
  doFetch: typeof fetch,
  guard: RequestGuard,
  url: string,
  init: RequestInit,
) {
  try {
    return await doFetch(url, { ...init, signal: guard.signal });
  } catch (error) {
    if (guard.signal.aborted) throw error; // translate() knows whether it was the user or a timer
    // fetch rejects with a TypeError for refused connections, DNS failures and CORS refusals alike.
    throw new EngineError('unreachable', `Can't reach ${guard.where} — is the server running?`, {
      cause: error,
    });
  }
}

function timeoutError(kind: TimeoutKind, ms: number, where: string, cause: unknown): EngineError {
  const seconds = Math.max(1, Math.round(ms / 1000));
  const message =
    kind === 'connect'
      ? `The server at ${where} didn't answer within ${seconds} s.`
      : kind === 'first-token'
        ? `The model at ${where} didn't start replying within ${seconds} s. It may still be loading — try again in a moment.`
        : `The model at ${where} stopped sending for ${seconds} s, so Hearth gave up on this reply.`;
  return new EngineError('timeout', message, { cause });
}

/** The connection closed before the reply was complete; the deltas already given stand. */
export function streamCut(where: string, cause?: unknown): EngineError {
  const message = `The reply was cut off: the connection to ${where} closed before it finished.`;
  return new EngineError('stream-cut', message, { cause });
}

/** A body that failed to arrive or decode. */
export function unreadable(where: string, cause: unknown): EngineError {
  return new EngineError('bad-response', `The server at ${where} sent something Hearth couldn't read.`, {
    cause,
  });
}

/** A body that arrived but is not what an OpenAI-compatible API sends. */
export function badResponse(where: string, cause?: unknown): EngineError {
  const message = `The server at ${where} didn't answer like an OpenAI-compatible API. Check the address.`;
  return new EngineError('bad-response', message, { cause });
}

/** The body as JSON, or 'bad-response' (an HTML page from a wrong address, typically). */
export async function readJson(res: Response, where: string): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badResponse(where, error);
  }
}

// Servers report failures as {error: {message}}, {error: "..."}, {message} or {detail}.
const serverErrorSchema = z.union([
  z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) }),
  z.object({ message: z.string() }),
  z.object({ detail: z.string() }),
]);

/** The server's own error message from a parsed body, flattened and cut short, if it has one. */
export function serverSaid(json: unknown): string | undefined {
  const parsed = serverErrorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const raw =
    'error' in e
      ? typeof e.error === 'string'
        ? e.error
        : e.error.message
      : 'message' in e
        ? e.message
        : e.detail;
  const flat = raw.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** Maps a non-2xx response to an EngineError, quoting the server's message when it gave one. */
export async function httpError(res: Response, where: string): Promise<EngineError> {
  let detail: string | undefined;
  try {
    detail = serverSaid(JSON.parse(await res.text()));
  } catch {
    // Not JSON (an HTML error page, say): the status alone has to do.
  }
  const said = detail ? ` The server said: “${detail}”` : '';
  const status = res.status;
  if (status === 401 || status === 403) {
    return new EngineError(
      'unauthorized',
      `The server at ${where} refused access (${status}). Check the API key.${said}`,
    );
  }
  if (status === 404) {
    return new EngineError(
      'not-found',
      `Nothing found at ${where} (404). Check the address and the model name.${said}`,
    );
  }
  // llama.cpp and vLLM answer an over-long prompt with a 400 that names the context.
  if (status === 400 && detail && /context|too long|maximum.*tokens/i.test(detail)) {
    return new EngineError('context-overflow', `The conversation is too long for this model.${said}`);
  }
  return new EngineError('bad-response', `The server at ${where} answered with an error (${status}).${said}`);
}
