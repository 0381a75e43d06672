import { describe, expect, it } from 'vitest';
import { createTokenCounter } from './token-counter';
import { estimateTokens } from './token-estimate';
import { countWithEngine, isCountRequest, requestTokenCount, COUNT_TOKENS } from './webllm/token-count';

describe('createTokenCounter', () => {
  it('uses the engine’s counts once prepared, asks once per text, and falls back to the estimate', async () => {
    const asked: string[] = [];
    const counter = createTokenCounter({
      countTokens: async (text) => {
        asked.push(text);
        if (text === 'broken') throw new Error('no tokenizer');
        return 1000 + text.length;
      },
    });
    expect(counter.count('hello')).toBe(estimateTokens('hello'));
    await counter.prepare(['hello', 'hello', 'broken']);
    await counter.prepare(['hello']);
    expect(asked).toEqual(['hello', 'broken']);
    expect(counter.count('hello')).toBe(1005);
    expect(counter.count('broken')).toBe(estimateTokens('broken'));
  });
});

describe('web-llm token count in the worker', () => {
  it('counts with the loaded pipeline’s tokenizer, and says null when there is none', () => {
    const engine = {
      loadedModelIdToPipeline: new Map([
        ['m', { tokenizer: { encode: (t: string) => new Int32Array(t.split(' ').length) } }],
      ]),
    };
    expect(countWithEngine(engine, 'one two three')).toBe(3);
    expect(countWithEngine({ loadedModelIdToPipeline: new Map() }, 'x')).toBeNull();
    expect(countWithEngine({}, 'x')).toBeNull();
    expect(isCountRequest({ kind: COUNT_TOKENS, text: 'x' })).toBe(true);
    expect(isCountRequest({ kind: 'reload', text: 'x' })).toBe(false);
  });
});

describe('asking the web-llm worker for a count', () => {
  it('sends the text with a private port and reads the answer from it', async () => {
    const seen: unknown[] = [];
    const worker = {
      postMessage(message: unknown, transfer: Transferable[]) {
        seen.push(message);
        (transfer[0] as MessagePort).postMessage(isCountRequest(message) ? message.text.length : null);
      },
    };
    expect(await requestTokenCount(worker, 'twelve chars')).toBe(12);
    expect(seen).toEqual([{ kind: COUNT_TOKENS, text: 'twelve chars' }]);
  });

  it('answers null when the worker says it has no tokenizer', async () => {
    const worker = {
      postMessage: (_m: unknown, t: Transferable[]) => (t[0] as MessagePort).postMessage(null),
    };
    expect(await requestTokenCount(worker, 'x')).toBeNull();
  });
});
