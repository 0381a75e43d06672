import { describe, expect, it } from 'vitest';
import { extractWithRules } from './rules';
import { canonicalSlot, canonicalTopic, factSlot, slotSubject } from './slots';

describe('fact slots', () => {
  it("brings the model's topics to the rules' canonical ones", () => {
    const cases: Array<[string, string]> = [
      ['lives in', 'live in'],
      ['Lives in', 'live in'],
      ['the user lives in', 'live in'],
      ['living in', 'live in'],
      ["user's home", 'live in'],
      ['current city', 'live in'],
      ['Home city', 'live in'],
      ['residence', 'live in'],
      ['works at', 'work at'],
      ['work for', 'work at'],
      ['employer', 'work at'],
      ['job', 'work as'],
      ['Occupation', 'work as'],
      ['works as', 'work as'],
      ['studies at', 'study at'],
      ['university', 'study at'],
      ['hometown', 'grew up in'],
      ['sister', 'my sister'],
      ["sister's name", 'my sister'],
      ["the user's sister", 'my sister'],
      ['My Sister', 'my sister'],
      ['favourite colour', 'my favorite color'],
      ['favorite color', 'my favorite color'],
      ['name', 'my name'],
      ['wife', 'my partner'],
      ["partner's name", 'my partner'],
      ['live near', 'live near'],
    ];
    for (const [about, canonical] of cases)
      expect([about, canonicalTopic(about)]).toEqual([about, canonical]);
  });

  it('keeps different topics apart', () => {
    expect(canonicalTopic('sister')).not.toBe(canonicalTopic('brother'));
    expect(canonicalTopic('lives in')).not.toBe(canonicalTopic('works at'));
    expect(canonicalTopic('works at')).not.toBe(canonicalTopic('works as'));
  });

  it('names the user one way however the speaker was given, and keeps other speakers apart', () => {
    expect(['User', 'user', 'The user', undefined, ' '].map((s) => slotSubject('user-fact', s))).toEqual([
      'User',
      'User',
      'User',
      'User',
      'User',
    ]);
    expect(slotSubject('user-fact', 'Caroline')).toBe('Caroline');
    expect(slotSubject('companion-fact', 'Ember')).toBe('Ember');
    expect(slotSubject('companion-fact', undefined)).toBe('Companion');
  });

  it("gives the rules' facts and the model's topics for the same thing one slot", () => {
    const slotOf = (text: string, speaker?: string) =>
      extractWithRules({ text, role: 'user', speaker, at: 0 }).find((m) => m.slot)?.slot;
    expect(slotOf('I live in Lisbon.', 'User')).toBe(factSlot('user-fact', undefined, 'home'));
    expect(slotOf('I work for Acme.', 'User')).toBe(factSlot('user-fact', 'User', 'employer'));
    expect(slotOf('My job is nursing.')).toBe(factSlot('user-fact', 'The user', 'occupation'));
    expect(slotOf('My sister is Ana.', 'User')).toBe(factSlot('user-fact', 'User', "sister's name"));
    expect(slotOf('My favourite colour is green.', 'Sam')).toBe(
      factSlot('user-fact', 'Sam', 'favorite color'),
    );
    expect(slotOf('I live in Lisbon.', 'Sam')).not.toBe(factSlot('user-fact', 'User', 'lives in'));
  });

  it("reads slots stored by earlier versions in today's vocabulary", () => {
    expect(canonicalSlot('user-fact:llm:lives in')).toBe('user-fact:User:live in');
    expect(canonicalSlot('preference:llm:favourite colour')).toBe('user-fact:User:my favorite color');
    expect(canonicalSlot('user-fact:User:my job')).toBe('user-fact:User:work as');
    expect(canonicalSlot('user-fact:Sam:live in')).toBe('user-fact:Sam:live in');
    expect(canonicalSlot('companion-fact:Ember:my name')).toBe('companion-fact:Ember:my name');
    expect(canonicalSlot('something else')).toBe('something else');
    // Today's slots are already canonical.
    for (const topic of ['live in', 'work as', 'my sister', 'favourite colour', 'grew up in', 'live near'])
      expect(canonicalSlot(factSlot('user-fact', 'Caroline', topic))).toBe(
        factSlot('user-fact', 'Caroline', topic),
      );
  });
});
