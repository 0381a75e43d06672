import { z } from 'zod';
import { EngineError } from './errors';
import { SseLimitError } from './sse';
import { DEFAULT_REPLY_LIMITS, mb, readText, type ReplyLimits } from './reply-limits';

/**
 * The HTTP side of the OpenAI-compatible engine: one guard per request (the caller's abort
 * plus the timeouts), and the mapping from what a server did to an EngineError whose message
 * a person can act on. `where` is always the server address as the user typed it.
 */

/**
 * Which wait ran out: the answer to a quick call, the first token, the gap between tokens, or
 * the whole reply's time.
 */
export type TimeoutKind = 'connect' | 'first-token' | 'idle' | 'reply';

const utf8 = new TextEncoder();
const duration = (ms: number) =>
  ms >= 60_000 ? `${+(ms / 60_000).toFixed(1)} minutes` : `${Math.max(1, Math.round(ms / 1000))} s`;

/**
 * One request's abort controller, linked to the caller's signal, with the timeouts that fire
 * it. Only tokens count as the server being alive: keep-alive comments, empty chunks and role
 * headers do not reset the idle timer (a server sending only those was never cut off before).
 */
export function createRequestGuard(
  outer: AbortSignal | undefined,
  where: string,
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let replyTimer: ReturnType<typeof setTimeout> | undefined;
  let fired: { kind: TimeoutKind; ms: number } | null = null;
  // Time spent waiting on the server since the last token (waiting on our consumer is not counted).
  let waitedSinceToken = 0;
  let replyBytes = 0;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const clear = () => clearTimeout(timer);
  const fire = (kind: TimeoutKind, ms: number) => {
    fired = { kind, ms };
    controller.abort(new DOMException('Timed out', 'TimeoutError'));
  };
  function arm(ms: number, kind: TimeoutKind): void {
    clear();
    timer = setTimeout(() => fire(kind, ms), Math.max(0, ms));
  }

  return {
    signal: controller.signal,
    where,
    arm,
    timedOut: () => fired !== null,
    /** Starts the clock on the whole reply: past `maxReplyMs` it is stopped, whatever arrives. */
    startReplyClock(): void {
      clearTimeout(replyTimer);
      replyTimer = setTimeout(() => fire('reply', limits.maxReplyMs), limits.maxReplyMs);
    },
    /** Counts a token of reply text: it resets the idle wait, and past `maxReplyBytes` ends the reply. */
    token(text: string): void {
      waitedSinceToken = 0;
      replyBytes += utf8.encode(text).length;
      if (replyBytes > limits.maxReplyBytes) {
        throw new EngineError(
          'too-large',
          `The reply from ${where} passed ${mb(limits.maxReplyBytes)}, so Hearth stopped it there. The part already received is kept.`,
        );
      }
    },
    /**
     * Times each read of `body` with the timeout `next()` gives, and nothing in between. An
     * 'idle' wait is what is left of it since the last token, so frames without text do not
     * keep a reply alive. The body's size is capped at `maxResponseBytes`.
     */
    async *watch(
      body: ReadableStream<Uint8Array>,
      next: () => [number, TimeoutKind],
    ): AsyncGenerator<Uint8Array, void, undefined> {
      const reader = body.getReader();
      let received = 0;
      try {
        for (;;) {
          const [ms, kind] = next();
          clear();
          // The message names the whole idle limit, the timer what is left of it.
          const wait = kind === 'idle' ? ms - waitedSinceToken : ms;
          timer = setTimeout(() => fire(kind, ms), Math.max(0, wait));
          const started = Date.now();
          const { done, value } = await reader.read();
          clear();
          waitedSinceToken += Date.now() - started;
          if (done) return;
          received += value.byteLength;
          if (received > limits.maxResponseBytes) {
            throw new EngineError(
              'too-large',
              `The server at ${where} sent more than ${mb(limits.maxResponseBytes)} for one reply, so Hearth stopped reading.`,
            );
          }
          yield value;
        }
      } finally {
        clear();
        await reader.cancel().catch(() => undefined);
        reader.releaseLock();
      }
    },
    /** The EngineError for whatever ended a request: the user, a timer, a limit, or else `otherwise()`. */
    translate(error: unknown, otherwise: () => EngineError): EngineError {
      if (outer?.aborted) return new EngineError('aborted', 'Stopped.', { cause: error });
      if (fired) return timeoutError(fired.kind, fired.ms, where, error);
      if (error instanceof EngineError) return error;
      if (error instanceof SseLimitError) {
        return new EngineError(
          'too-large',
          `The server at ${where} sent a line of more than ${mb(error.limit)} without a break, so Hearth stopped reading. An OpenAI-compatible stream never does that.`,
          { cause: error },
        );
      }
      return otherwise();
    },
    /** Stops the timers and, if the response is still open, aborts it to free the connection. */
    dispose(): void {
      clear();
      clearTimeout(replyTimer);
      outer?.removeEventListener('abort', onOuterAbort);
      if (!controller.signal.aborted) controller.abort();
    },
  };
}

/** The guard of one request. */
export type RequestGuard = ReturnType<typeof createRequestGuard>;

/**
 * fetch() under the guard's signal; a failure to connect becomes 'unreachable'. Redirects are
 * never followed: a 307 would re-send the whole prompt (and the key) to wherever the server
 * points, and a browser hides a redirect's target from the page, so even a same-origin one
 * cannot be told apart. The user is asked to enter the final address instead.
 */
export async function sendRequest(
  doFetch: typeof fetch,
  guard: RequestGuard,
  url: string,
  init: RequestInit,
) {
  let res: Response;
  try {
    res = await doFetch(url, { ...init, redirect: 'manual', signal: guard.signal });
  } catch (error) {
    if (guard.signal.aborted) throw error; // translate() knows whether it was the user or a timer
    // fetch rejects with a TypeError for refused connections, DNS failures and CORS refusals alike.
    throw new EngineError('unreachable', `Can't reach ${guard.where} — is the server running?`, {
      cause: error,
    });
  }
  // Browsers give an opaque response (type 'opaqueredirect', status 0); Node gives the 3xx itself.
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    void res.body?.cancel().catch(() => undefined);
    throw redirected(guard.where, res.headers.get('location'));
  }
  return res;
}

/** The server answered with a redirect, which Hearth does not follow. */
export function redirected(where: string, location: string | null): EngineError {
  const to = location ? ` to ${location.slice(0, 200)}` : '';
  return new EngineError(
    'redirected',
    `The server at ${where} redirected Hearth elsewhere${to}. Hearth does not follow redirects, so your conversation is never sent to an address you did not enter. If the new address is right, enter it in the engine settings.`,
  );
}

function timeoutError(kind: TimeoutKind, ms: number, where: string, cause: unknown): EngineError {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (kind === 'reply') {
    return new EngineError(
      'too-large',
      `The reply from ${where} was still going after ${duration(ms)}, so Hearth stopped it there. The part already received is kept.`,
      { cause },
    );
  }
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
  const text = await readText(res, where);
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
    detail = serverSaid(JSON.parse(await readText(res, where, 64 * 1024, true)));
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
