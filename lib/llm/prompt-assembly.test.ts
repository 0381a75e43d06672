import { describe, expect, it } from 'vitest';
import { assemblePrompt, OMITTED_NOTE, type HistoryTurn } from './prompt-assembly';
import { EngineError } from './errors';
import { PER_MESSAGE_OVERHEAD, estimateTokens } from './token-estimate';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
function history(n: number, size = 30): HistoryTurn[] {
  return Array.from({ length: n }, (_, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `${i}: ${words(size)}`,
  }));
}
const total = (msgs: { content: string }[]) =>
  msgs.reduce((sum, m) => sum + estimateTokens(m.content) + PER_MESSAGE_OVERHEAD, 0);

describe('assemblePrompt', () => {
  it('keeps everything when it fits, system first and the user message last', () => {
    const turns = history(5);
    const out = assemblePrompt({
      system: 'You are Ember.',
      history: turns,
      contextWindow: 4096,
      reserveForReply: 256,
    });
    expect(out.droppedTurns).toBe(0);
    expect(out.messages[0]).toEqual({ role: 'system', content: 'You are Ember.' });
    expect(out.messages.slice(1).map((m) => m.content)).toEqual(turns.map((t) => t.content));
  });

  it('drops the oldest turns first, says so, and never exceeds the window', () => {
    const turns = history(201);
    const out = assemblePrompt({
      system: 'You are Ember.',
      history: turns,
      contextWindow: 2048,
      reserveForReply: 512,
    });
    expect(out.droppedTurns).toBeGreaterThan(0);
    expect(out.messages.at(-1)!.content).toBe(turns.at(-1)!.content);
    expect(out.messages[0]!.content).toContain(OMITTED_NOTE);
    expect(out.messages[0]!.content.startsWith('You are Ember.')).toBe(true);
    expect(total(out.messages)).toBeLessThanOrEqual(2048 - 512);
    // What is kept is a contiguous, most recent run that opens with a user turn.
    const kept = out.messages.slice(1);
    expect(kept[0]!.role).toBe('user');
    expect(kept.map((m) => m.content)).toEqual(turns.slice(turns.length - kept.length).map((t) => t.content));
  });

  it('refuses a user message that cannot fit rather than truncating anything', () => {
    const turns: HistoryTurn[] = [{ role: 'user', content: words(3000) }];
    expect(() =>
      assemblePrompt({ system: 'S', history: turns, contextWindow: 1024, reserveForReply: 256 }),
    ).toThrow(EngineError);
    try {
      assemblePrompt({ system: 'S', history: turns, contextWindow: 1024, reserveForReply: 256 });
    } catch (error) {
      expect((error as EngineError).code).toBe('context-overflow');
      expect((error as EngineError).message).toMatch(/too long/);
    }
  });

  it('refuses a system prompt larger than the window instead of cutting it', () => {
    expect(() =>
      assemblePrompt({ system: words(2000), history: history(1), contextWindow: 512, reserveForReply: 128 }),
    ).toThrow(/persona/);
  });

  it('fills a slot most relevant first, leaving out whole items that do not fit its share', () => {
    const out = assemblePrompt({
      system: 'S',
      slots: [
        {
          name: 'memories',
          heading: 'Remembered:',
          items: ['- memory A', `- ${words(5000)}`, '- memory C'],
          share: 0.25,
        },
      ],
      history: history(1),
      contextWindow: 1024,
      reserveForReply: 128,
    });
    expect(out.slots).toEqual([{ name: 'memories', included: [0, 2] }]);
    const system = out.messages[0]!.content;
    expect(system).toContain('Remembered:\n- memory A\n- memory C');
    expect(system).not.toContain('w4999');
  });

  it('keeps the memory share however long the conversation, and gives unused room to turns', () => {
    const memory = '- The user said: “my sister Mara lives in Valparaíso”';
    const input = {
      system: 'You are Ember.',
      history: history(301, 40),
      contextWindow: 4096,
      reserveForReply: 512,
    };
    const withMemory = assemblePrompt({
      ...input,
      slots: [{ name: 'memories', heading: 'Remembered:', items: [memory], share: 0.25 }],
    });
    expect(withMemory.messages[0]!.content).toContain(memory);
    expect(total(withMemory.messages)).toBeLessThanOrEqual(4096 - 512);
    const without = assemblePrompt(input);
    // A one-line memory takes a few tokens, not its whole share: nearly every turn still fits.
    expect(without.keptTurns - withMemory.keptTurns).toBeLessThanOrEqual(2);
  });

  it('never lets one slot take more than its share', () => {
    const items = Array.from({ length: 200 }, (_, i) => `- memory ${i} ${words(20)}`);
    const out = assemblePrompt({
      system: 'S',
      slots: [{ name: 'memories', heading: 'Remembered:', items, share: 0.25 }],
      history: history(301, 40),
      contextWindow: 4096,
      reserveForReply: 512,
    });
    const included = out.slots[0]!.included;
    const used = included.reduce((sum, i) => sum + estimateTokens(items[i]!) + 1, 0);
    expect(included.length).toBeGreaterThan(0);
    expect(included.length).toBeLessThan(items.length);
    expect(used).toBeLessThanOrEqual(0.25 * (4096 - 512));
    expect(out.keptTurns).toBeGreaterThan(10);
  });

  it('uses the counter it is given', () => {
    const out = assemblePrompt({
      system: 'S',
      history: history(51, 5),
      contextWindow: 2000,
      reserveForReply: 0,
      countTokens: () => 94, // with the 6-token overhead, 100 a message
    });
    expect(out.keptTurns).toBeLessThanOrEqual(19);
    expect(out.tokens).toBeLessThanOrEqual(2000);
  });

  it('skips empty turns and requires a user turn last', () => {
    expect(() =>
      assemblePrompt({
        system: 'S',
        history: [{ role: 'assistant', content: 'hi' }],
        contextWindow: 1024,
        reserveForReply: 10,
      }),
    ).toThrow(/user message/);
    const out = assemblePrompt({
      system: 'S',
      history: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'b' },
      ],
      contextWindow: 1024,
      reserveForReply: 10,
    });
    expect(out.messages.map((m) => m.content)).toEqual(['S', 'a', 'b']);
  });
});

describe('estimateTokens', () => {
  it('counts non-Latin scripts more heavily than ASCII', () => {
    expect(estimateTokens('abc')).toBe(1);
    expect(estimateTokens('日本語')).toBeGreaterThanOrEqual(4);
  });
});
