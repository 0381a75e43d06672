import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extraction/rules';
import { naturalFactText, USER_SPEAKER } from './fact-text';

describe('fact text about the user', () => {
  it('rewords a fact stored with "User" as its subject, and leaves everything else alone', () => {
    expect(naturalFactText({ kind: 'user-fact', text: 'User lives in Lisbon' })).toBe(
      'The user lives in Lisbon',
    );
    expect(naturalFactText({ kind: 'user-fact', text: "User's sister is Ana" })).toBe(
      "The user's sister is Ana",
    );
    expect(naturalFactText({ kind: 'preference', text: 'User loves fado' })).toBe('The user loves fado');
    expect(naturalFactText({ kind: 'user-fact', text: 'Users of Lisbon trams' })).toBe(
      'Users of Lisbon trams',
    );
    expect(naturalFactText({ kind: 'user-fact', text: 'Caroline lives in Lisbon' })).toBe(
      'Caroline lives in Lisbon',
    );
    // Someone's own words are never reworded.
    expect(naturalFactText({ kind: 'episode', text: 'User error, sorry!' })).toBe('User error, sorry!');
  });

  it('is the subject the rules write for the panel’s user, so new facts need no rewording', () => {
    const facts = extractWithRules({
      text: 'I live in Lisbon. My sister is Ana.',
      role: 'user',
      speaker: USER_SPEAKER,
      at: 0,
    });
    expect(facts.map((f) => f.text)).toEqual(['The user lives in Lisbon', "The user's sister is Ana"]);
    for (const f of facts) expect(naturalFactText(f)).toBe(f.text);
  });
});
