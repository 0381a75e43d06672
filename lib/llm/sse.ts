/**
 * A server-sent-events parser, following the WHATWG "event stream" rules closely enough for
 * LLM servers: bytes may arrive split anywhere (inside a UTF-8 character, between `\r` and
 * `\n`), an event is dispatched on a blank line, and an unterminated event at the end of the
 * stream is dropped. Dropping it matters: a connection cut mid-event must read as a cut
 * stream, not as a half JSON object.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** One dispatched event: `event` is "message" unless the server named it. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** An incremental parser: feed it chunks, collect the events each chunk completes. */
export interface SseParser {
  push(chunk: Uint8Array | string): SseEvent[];
  /** Flushes the decoder at end of stream; an event without its closing blank line is dropped. */
  end(): SseEvent[];
}

/**
 * The longest line (and the most data one event may gather) the parser holds, in characters.
 * An OpenAI-style chunk is a few hundred bytes; a server that sends megabytes without a line
 * break is broken or hostile, and buffering it grew the panel's heap to 375 MB for a 50 MB line.
 */
export const MAX_SSE_LINE_CHARS = 1024 * 1024;

/** A line or event longer than the parser's limit: the stream is refused, not buffered. */
export class SseLimitError extends Error {
  override readonly name = 'SseLimitError';
  constructor(readonly limit: number) {
    super(`An event-stream line or event passed ${limit.toLocaleString('en')} characters.`);
  }
}

/** Limits for one parser; the defaults are the real ones, tests pass smaller. */
export interface SseParserOptions {
  maxLineChars?: number;
}

/** Creates a pure, synchronous SSE parser with its own buffer and UTF-8 decoder state. */
export function createSseParser(options: SseParserOptions = {}): SseParser {
  const maxLine = options.maxLineChars ?? MAX_SSE_LINE_CHARS;
  // TextDecoder in streaming mode keeps a partial multi-byte character for the next chunk,
  // and strips a leading BOM as the spec asks.
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  // Where the scan for a line end resumes: a long line arriving in many chunks is scanned
  // once, not from its start on every chunk.
  let scanned = 0;
  let data: string[] = [];
  let dataChars = 0;
  let eventType = '';
  let lastId: string | undefined;

  function dispatch(out: SseEvent[]): void {
    if (data.length > 0) {
      const event: SseEvent = { event: eventType || 'message', data: data.join('\n') };
      if (lastId !== undefined) event.id = lastId;
      out.push(event);
    }
    data = [];
    dataChars = 0;
    eventType = '';
  }

  function processLine(line: string, out: SseEvent[]): void {
    if (line === '') return dispatch(out);
    if (line.startsWith(':')) return; // comment, often a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      dataChars += value.length + 1;
      if (dataChars > maxLine) throw new SseLimitError(maxLine);
      data.push(value);
    } else if (field === 'event') eventType = value;
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // `retry` and unknown fields are ignored: nothing here reconnects.
  }

  function drain(atEnd: boolean): SseEvent[] {
    const out: SseEvent[] = [];
    let start = 0;
    for (let i = scanned; i < buffer.length; i++) {
      const ch = buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      if (ch === '\r' && i === buffer.length - 1 && !atEnd) break; // the `\n` may be in the next chunk
      processLine(buffer.slice(start, i), out);
      if (ch === '\r' && buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    buffer = buffer.slice(start);
    // A trailing `\r` is looked at again with the next chunk (its `\n` may follow).
    scanned = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
    if (buffer.length > maxLine) throw new SseLimitError(maxLine);
    return out;
  }

  return {
    push(chunk) {
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      return drain(false);
    },
    end() {
      buffer += decoder.decode();
      const out = drain(true);
      buffer = '';
      scanned = 0;
      data = [];
      dataChars = 0;
      eventType = '';
      return out;
    },
  };
}

/** Anything that yields byte chunks: a fetch body, or an async iterable in tests. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Parses a byte stream into SSE events; cancels a ReadableStream source if the caller stops early. */
export async function* parseSse(
  source: ByteSource,
  options: SseParserOptions = {},
): AsyncGenerator<SseEvent, void, undefined> {
  const parser = createSseParser(options);
  for await (const chunk of iterate(source)) {
    yield* parser.push(chunk);
  }
  yield* parser.end();
}

async function* iterate(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (!('getReader' in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    finished = true;
  } finally {
    // Stopping early (or failing) must release the connection behind the stream.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
