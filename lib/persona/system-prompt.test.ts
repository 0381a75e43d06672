import { describe, expect, it } from 'vitest';
import { PersonaRecord } from '../db/records';
import { buildPersonaPrompt, coreSentence, exampleBlocks } from './system-prompt';
import { NO_LORE, loreForTurn } from './persona-lore';

const persona = (more: Partial<PersonaRecord> = {}) =>
  PersonaRecord.parse({
    id: 'p',
    name: 'Aria',
    description: 'A lighthouse keeper. She likes storms.',
    createdAt: 1,
    updatedAt: 1,
    ...more,
  });
const now = new Date(Date.UTC(2026, 11, 2));
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("the persona's prompt", () => {
  it('takes the first sentence of the description as the core of the reminder', () => {
    expect(coreSentence('A lighthouse keeper. She likes storms.')).toBe('A lighthouse keeper.');
    expect(coreSentence('x'.repeat(500), 20)).toHaveLength(20);
    expect(buildPersonaPrompt(persona(), { now }).reminder).toBe(
      'Stay in character as Aria: A lighthouse keeper.',
    );
  });

  it('splits example dialogue at <START>, any case, dropping empty blocks', () => {
    expect(exampleBlocks('<START>\nA: hi\n<start>\n\n<START>\nB: yo')).toEqual(['A: hi', 'B: yo']);
  });

  it("lets a card's system prompt and post-history instructions replace Hearth's, with {{original}} for them", () => {
    const parts = buildPersonaPrompt(
      persona({
        systemPrompt: 'Write prose. {{original}}',
        postHistoryInstructions: '{{original}} Be brief, {{user}}.',
      }),
      { now, user: { name: 'Ada', description: '' } },
    );
    expect(parts.system().split('\n')[0]).toBe(
      "Write prose. You are Aria, a companion who lives in the user's web browser.",
    );
    expect(parts.reminder).toBe('Stay in character as Aria: A lighthouse keeper. Be brief, Ada.');
    // Hearth's honesty and no-pressure lines stay whatever the card says.
    expect(parts.system()).toContain('Never pressure the user to come back');
  });

  it('a system prompt without {{original}} replaces the opening line, and the name still reaches the prompt', () => {
    const parts = buildPersonaPrompt(persona({ systemPrompt: 'You narrate.' }), { now });
    expect(parts.system()).not.toContain('You are Aria');
    expect(parts.reminder).toContain('Aria');
  });

  it('places lorebook entries before and after the character', () => {
    const system = buildPersonaPrompt(persona(), { now }).system({ before: ['BEFORE'], after: ['AFTER'] });
    const lines = system.split('\n');
    expect(lines.indexOf('BEFORE')).toBeLessThan(lines.findIndex((l) => l.startsWith('About you:')));
    expect(lines.indexOf('AFTER')).toBeGreaterThan(lines.findIndex((l) => l.startsWith('About you:')));
  });

  it('expands {{char}} as the nickname and {{pick}} the same way within one conversation', () => {
    const p = persona({ nickname: 'Ari', greeting: '{{pick:a,b,c,d,e,f}} from {{char}}' });
    const one = buildPersonaPrompt(p, { now, conversationId: 'c1' }).greetings[0];
    expect(buildPersonaPrompt(p, { now, conversationId: 'c1' }).greetings[0]).toBe(one);
    expect(one).toMatch(/^[a-f] from Ari$/);
  });
});

describe('the lorebook of a turn', () => {
  it('is nothing without a book', () => {
    expect(
      loreForTurn({
        persona: persona(),
        turns: ['hi'],
        countTokens: words,
        budgetTokens: 100,
        expand: (t) => t,
      }),
    ).toBe(NO_LORE);
  });

  it('reports a constant entry the budget dropped instead of dropping it silently', () => {
    const lore = loreForTurn({
      persona: persona({
        lorebook: {
          entries: [
            { keys: [], content: 'one two three four five six', constant: true, name: 'World' },
            { keys: ['storm'], content: 'Storms come at night.', position: 'before_char' },
          ],
        },
      }),
      turns: ['a storm is coming'],
      countTokens: words,
      budgetTokens: 5,
      expand: (t) => t,
    });
    expect(lore.before).toEqual(['Storms come at night.']);
    expect(lore.after).toEqual([]);
    expect(lore.report?.entries.find((e) => e.label === 'World')?.skip?.reason).toBe('over-budget');
  });
});
