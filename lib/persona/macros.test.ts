import { describe, expect, it } from 'vitest';
import { expandMacros, rollDice, splitChoices, type MacroContext } from './macros';

/** A random source that returns the given values in turn. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

const base: MacroContext = { char: 'Seraphina', user: 'Sam', random: sequence(0) };

describe('expandMacros: names', () => {
  it('replaces {{char}} and {{user}}', () => {
    expect(expandMacros('{{char}} smiles at {{user}}.', base)).toBe('Seraphina smiles at Sam.');
  });

  it('uses the nickname for {{char}} when there is one', () => {
    expect(expandMacros('Hi, {{char}}', { ...base, nickname: 'Sera' })).toBe('Hi, Sera');
    expect(expandMacros('Hi, {{char}}', { ...base, nickname: '  ' })).toBe('Hi, Seraphina');
  });

  it('is case-insensitive and allows spaces inside the braces', () => {
    expect(expandMacros('{{CHAR}} {{User}} {{ char }} {{RANDOM:x}} {{Roll:1d1}}', base)).toBe(
      'Seraphina Sam Seraphina x 1',
    );
  });

  it('replaces the V1 spellings <BOT>, <CHAR> and <USER>, in any case', () => {
    expect(expandMacros('<BOT> and <user> and <Char>', base)).toBe('Seraphina and Sam and Seraphina');
  });

  it('leaves unknown macros as written', () => {
    const text = '{{char}} {{weather}} {{time_UTC+2}} {{random}} {{roll:banana}} {{roll:0d6}}';
    expect(expandMacros(text, base)).toBe(
      'Seraphina {{weather}} {{time_UTC+2}} {{random}} {{roll:banana}} {{roll:0d6}}',
    );
  });
});

describe('expandMacros: {{original}}', () => {
  it('puts the original prompt in once, and later copies are emptied', () => {
    const text = 'Card rules.\n{{original}}\nMore.{{Original}}';
    expect(expandMacros(text, { ...base, original: 'Hearth default.' })).toBe(
      'Card rules.\nHearth default.\nMore.',
    );
  });

  it('is left as written where no original is given', () => {
    expect(expandMacros('x {{original}}', base)).toBe('x {{original}}');
  });

  it('may stand for nothing', () => {
    expect(expandMacros('[{{original}}]', { ...base, original: '' })).toBe('[]');
  });
});

describe('expandMacros: comments', () => {
  it('removes {{// comments}}, also over several lines and with macros inside', () => {
    const text = 'Hello{{// note to self: {{char}} is shy\nsecond line}} there{{ // x }}.';
    expect(expandMacros(text, base)).toBe('Hello there.');
  });
});

describe('expandMacros: {{random}}', () => {
  it('chooses from a comma list with the injected random source, trimming items', () => {
    expect(expandMacros('{{random: red, green ,blue}}', { ...base, random: sequence(0.5) })).toBe('green');
    expect(expandMacros('{{random:red,green,blue}}', { ...base, random: sequence(0.99) })).toBe('blue');
  });

  it('splits on :: as SillyTavern does, keeping commas inside items', () => {
    const text = '{{random::a, b::c}}';
    expect(expandMacros(text, { ...base, random: sequence(0) })).toBe('a, b');
    expect(expandMacros(text, { ...base, random: sequence(0.7) })).toBe('c');
  });

  it('takes \\, as a comma inside an item', () => {
    expect(splitChoices('one\\, two,three')).toEqual(['one, two', 'three']);
  });

  it('draws again for each macro', () => {
    const out = expandMacros('{{random:a,b}}{{random:a,b}}', { ...base, random: sequence(0, 0.9) });
    expect(out).toBe('ab');
  });

  it('works on names expanded inside it', () => {
    expect(expandMacros('{{random:{{char}},{{user}}}}', { ...base, random: sequence(0.9) })).toBe('Sam');
  });
});

describe('expandMacros: {{pick}}', () => {
  const text = 'Today: {{pick:rain,sun,snow,fog,wind,hail}} then {{pick::a::b::c::d::e::f}}';

  it('gives the same result for the same chat and text, whatever the random source says', () => {
    const first = expandMacros(text, { ...base, chatId: 'chat-1', random: sequence(0) });
    const again = expandMacros(text, { ...base, chatId: 'chat-1', random: sequence(0.99) });
    expect(again).toBe(first);
    expect(first).toMatch(/^Today: (rain|sun|snow|fog|wind|hail) then [a-f]$/);
  });

  it('differs between chats (over many chats, not always the same)', () => {
    const results = new Set(
      Array.from({ length: 40 }, (_, i) => expandMacros(text, { ...base, chatId: `chat-${i}` })),
    );
    expect(results.size).toBeGreaterThan(5);
  });

  it('seeds each pick in a text separately', () => {
    const many = Array.from({ length: 12 }, () => '{{pick:1,2,3,4,5,6,7,8,9}}').join(' ');
    const out = expandMacros(many, { ...base, chatId: 'c' }).split(' ');
    expect(new Set(out).size).toBeGreaterThan(1);
  });
});

describe('expandMacros: {{roll}}', () => {
  it('rolls NdM and a bare number as 1dM with the injected random source', () => {
    expect(expandMacros('{{roll:1d20}}', { ...base, random: sequence(0) })).toBe('1');
    expect(expandMacros('{{roll:20}}', { ...base, random: sequence(0.999) })).toBe('20');
    expect(expandMacros('{{roll 2d6+3}}', { ...base, random: sequence(0.5) })).toBe(String(4 + 4 + 3));
    expect(expandMacros('{{roll:d6-1}}', { ...base, random: sequence(0) })).toBe('0');
  });

  it('stays within its range over many rolls', () => {
    let state = 1;
    const lcg = () => ((state = (state * 48271) % 2147483647) / 2147483647) % 1;
    const rolls = Array.from({ length: 500 }, () => rollDice('3d6', lcg)!);
    expect(Math.min(...rolls)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...rolls)).toBeLessThanOrEqual(18);
  });

  it('refuses absurd dice', () => {
    expect(rollDice('1000d6', Math.random)).toBeNull();
    expect(rollDice('1d0', Math.random)).toBeNull();
    expect(rollDice('1d6*2', Math.random)).toBeNull();
  });
});

describe('expandMacros: unclosed comments', () => {
  it('leaves an unclosed comment as written, and still removes the closed ones before it', () => {
    expect(expandMacros('a{{// ok}}b {{// never closed {{char}}', base)).toBe(
      'ab {{// never closed Seraphina',
    );
  });
});
