import { describe, expect, it } from 'vitest';
import { createTokenCounter } from './token-counter';
import { estimateTokens } from './token-estimate';

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
