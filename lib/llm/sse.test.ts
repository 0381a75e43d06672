import { describe, expect, it } from 'vitest';
import { MAX_SSE_LINE_CHARS, SseLimitError, createSseParser, parseSse, type SseEvent } from './sse';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds `input` to a fresh parser cut at the given byte offsets. */
function parseSplit(input: Uint8Array, cuts: number[]): SseEvent[] {
  const parser = createSseParser();
  const events: SseEvent[] = [];
  let start = 0;
  for (const cut of [...cuts, input.length]) {
    events.push(...parser.push(input.slice(start, cut)));
    start = cut;
  }
  return [...events, ...parser.end()];
}

const parse = (text: string) => parseSplit(bytes(text), []);

describe('createSseParser', () => {
  it('dispatches data lines on a blank line', () => {
    expect(parse('data: {"a":1}\n\ndata: [DONE]\n\n')).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('joins multi-line data with newlines', () => {
    expect(parse('data: first\ndata: second\ndata:\ndata:  indented\n\n')).toEqual([
      { event: 'message', data: 'first\nsecond\n\n indented' },
    ]);
  });

  it('skips comments and keeps event names and ids', () => {
    expect(parse(': keep-alive\n\nevent: error\nid: 7\ndata: boom\n\ndata: next\n\n')).toEqual([
      { event: 'error', id: '7', data: 'boom' },
      // The id persists, the event name does not.
      { event: 'message', id: '7', data: 'next' },
    ]);
  });

  it('accepts \\r\\n, \\r and \\n line endings, mixed', () => {
    expect(parse('data: a\r\n\r\ndata: b\r\rdata: c\n\n')).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
      { event: 'message', data: 'c' },
    ]);
  });

  it('treats a field without a colon as a field with an empty value', () => {
    expect(parse('data\n\n')).toEqual([{ event: 'message', data: '' }]);
  });

  it('ignores events with no data and unknown fields', () => {
    expect(parse('event: ping\n\nretry: 1000\nfoo: bar\ndata: x\n\n')).toEqual([
      { event: 'message', data: 'x' },
    ]);
  });

  it('drops an event the stream ended in the middle of', () => {
    expect(parse('data: whole\n\ndata: {"choices":[{"del')).toEqual([{ event: 'message', data: 'whole' }]);
    expect(parse('data: no blank line after me\n')).toEqual([]);
  });

  it('strips a leading byte order mark', () => {
    expect(parse('\uFEFFdata: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  // Every split point of an input with multi-byte characters and \r\n must give the same events.
  it('gives the same events however the bytes are split', () => {
    const input = bytes('data: héllo wörld 🔥 ☕\r\n\r\n: c\r\ndata: 日本語\r\ndata: two\r\n\r\n');
    const whole = parseSplit(input, []);
    expect(whole).toEqual([
      { event: 'message', data: 'héllo wörld 🔥 ☕' },
      { event: 'message', data: '日本語\ntwo' },
    ]);
    for (let cut = 1; cut < input.length; cut++) {
      expect(parseSplit(input, [cut])).toEqual(whole);
    }
    expect(
      parseSplit(
        input,
        Array.from({ length: input.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole);
  });

  it('does not split \\r\\n into two line ends across chunks', () => {
    // If the \r and \n were read as two line ends, the blank line would dispatch early.
    expect(parseSplit(bytes('data: a\r\ndata: b\r\n\r\n'), [8])).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('accepts strings as well as bytes', () => {
    const parser = createSseParser();
    expect(parser.push('data: x\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('parseSse', () => {
  it('parses a ReadableStream of bytes', async () => {
    const parts = ['data: o', 'ne\n\nda', 'ta: two\n\n'].map(bytes);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const events: string[] = [];
    for await (const event of parseSse(stream)) events.push(event.data);
    expect(events).toEqual(['one', 'two']);
  });

  it('parses an async iterable of bytes', async () => {
    async function* source() {
      yield bytes('data: a\n');
      yield bytes('\n');
    }
    const events: SseEvent[] = [];
    for await (const event of parseSse(source())) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'a' }]);
  });

  it('cancels the stream when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes('data: again\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of parseSse(stream)) {
      expect(event.data).toBe('again');
      break;
    }
    expect(cancelled).toBe(true);
  });

  it('passes on a stream error', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(bytes('data: a\n\n'));
        else controller.error(new TypeError('terminated'));
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of parseSse(stream)) seen.push(event.data);
      })(),
    ).rejects.toThrow('terminated');
    expect(seen).toEqual(['a']);
  });
});

describe('line and event caps', () => {
  const enc = (text: string) => new TextEncoder().encode(text);

  it('refuses a line longer than the cap, even when it arrives in small pieces', () => {
    const parser = createSseParser({ maxLineChars: 100 });
    expect(parser.push(enc('data: ok\n\n'))).toEqual([{ event: 'message', data: 'ok' }]);
    parser.push(enc('data: ' + 'x'.repeat(50)));
    expect(() => parser.push(enc('x'.repeat(60)))).toThrow(SseLimitError);
  });

  it('refuses an event whose data lines add up past the cap', () => {
    const parser = createSseParser({ maxLineChars: 100 });
    expect(() => parser.push(enc('data: 0123456789012345678901234567890123456789\n'.repeat(3)))).toThrow(
      SseLimitError,
    );
  });

  it('accepts a line just under the cap, split anywhere', () => {
    const parser = createSseParser({ maxLineChars: 100 });
    const line = `data: ${'y'.repeat(90)}\n\n`;
    const events = [...parser.push(enc(line.slice(0, 33))), ...parser.push(enc(line.slice(33)))];
    expect(events).toEqual([{ event: 'message', data: 'y'.repeat(90) }]);
  });

  it('the real cap is 1 MB', async () => {
    const huge = enc(`data: ${'z'.repeat(MAX_SSE_LINE_CHARS + 10)}`);
    await expect(
      (async () => {
        for await (const _ of parseSse(
          (async function* () {
            for (let i = 0; i < huge.length; i += 65536) yield huge.subarray(i, i + 65536);
          })(),
        ))
          void _;
      })(),
    ).rejects.toBeInstanceOf(SseLimitError);
  });
});
