import { EngineError } from './errors';

/*
 * Caps on what one endpoint answer may cost. Without them a server that never stops (or
 * sends one endless line) grew the panel's heap without bound and kept the turn running.
 */

/** The most reply text one request may stream, in UTF-8 bytes (about 250,000 words). */
export const MAX_REPLY_BYTES = 1024 * 1024;
/** The longest one reply may stream, however steadily tokens arrive. */
export const MAX_REPLY_MS = 10 * 60 * 1000;
/**
 * The most bytes one response body may carry, framing included: SSE wraps every few
 * characters of text in ~150 bytes of JSON, so 1 MB of text can take ~40 MB on the wire.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** The most a JSON answer (a model list, a non-streamed reply, an error) may hold. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/** The caps on one reply; the defaults are the constants above, tests pass smaller ones. */
export interface ReplyLimits {
  maxReplyBytes: number;
  maxReplyMs: number;
  maxResponseBytes: number;
}

/** The real caps. */
export const DEFAULT_REPLY_LIMITS: ReplyLimits = {
  maxReplyBytes: MAX_REPLY_BYTES,
  maxReplyMs: MAX_REPLY_MS,
  maxResponseBytes: MAX_RESPONSE_BYTES,
};

/** Bytes in words, for messages: `1 MB`, `0.2 MB`. */
export const mb = (bytes: number) => `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * A response body as text, read up to `maxBytes`: past it the body is cancelled and
 * 'too-large' thrown (or, with `truncate`, what was read so far returned).
 */
export async function readText(
  res: Response,
  where: string,
  maxBytes: number = MAX_JSON_BYTES,
  truncate = false,
): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      received += value.byteLength;
      if (received > maxBytes) {
        if (truncate) return text;
        throw new EngineError(
          'too-large',
          `The server at ${where} sent an answer of more than ${mb(maxBytes)}, so Hearth stopped reading.`,
        );
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
