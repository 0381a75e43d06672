import { describe, expect, it } from 'vitest';
import { extractWithRules, formatDay, sentences } from './rules';

const at = new Date(2023, 4, 8, 14, 0).getTime(); // Monday 8 May 2023
const extract = (text: string, role: 'user' | 'assistant' = 'user', speaker?: string) =>
  extractWithRules({ text, role, speaker, at });

describe('rule-based extraction', () => {
  it('splits sentences and keeps what the user wrote in brackets', () => {
    expect(sentences('Hi! I went out [with Ana]. Fun?')).toEqual(['Hi!', 'I went out [with Ana].', 'Fun?']);
    expect(extract('I love [insert band here] and my cat is [redacted].', 'user', 'Jon')).toEqual([
      expect.objectContaining({ kind: 'preference', text: 'Jon loves [insert band here]' }),
      expect.objectContaining({ kind: 'user-fact', text: "Jon's cat is [redacted]" }),
    ]);
  });

  it('finds preferences in the third person', () => {
    expect(extract('I really love painting sunsets, it calms me.', 'user', 'Melanie')).toEqual([
      expect.objectContaining({
        kind: 'preference',
        text: 'Melanie loves painting sunsets',
        importance: 0.6,
      }),
    ]);
    const [hate] = extract('Honestly I hate my commute.');
    expect(hate).toMatchObject({ kind: 'preference', text: 'The user hates their commute' });
    expect(hate?.emotion?.valence).toBeLessThan(0);
  });

  it('finds facts about the speaker: user facts for the user, companion facts for the companion', () => {
    expect(extract("My sister's name is Ana.", 'user', 'Jon')).toEqual([
      expect.objectContaining({ kind: 'user-fact', text: "Jon's sister's name is Ana" }),
    ]);
    expect(extract('My favorite color is green.', 'user', 'Jon')).toEqual([
      expect.objectContaining({ kind: 'user-fact', text: "Jon's favorite color is green" }),
    ]);
    expect(extract('I live in Lisbon.', 'assistant')).toEqual([
      expect.objectContaining({ kind: 'companion-fact', text: 'The companion lives in Lisbon' }),
    ]);
    expect(extract("I'm a nurse.", 'user', 'Ann')[0]).toMatchObject({
      kind: 'user-fact',
      text: 'Ann is a nurse',
    });
    expect(extract('I have two kids.', 'user', 'Ann')[0]).toMatchObject({ text: 'Ann has two kids' });
  });

  it('finds dated events and plans, resolving the date against when the turn was said', () => {
    const [event] = extract(
      'I went to a LGBTQ support group yesterday and it was so powerful.',
      'user',
      'Caroline',
    );
    expect(event).toMatchObject({
      kind: 'event',
      text: 'Caroline went to a LGBTQ support group yesterday (yesterday: 7 May 2023)',
      validFrom: new Date(2023, 4, 7).getTime(),
      importance: 0.65,
    });
    const [plan] = extract("I'm going to go camping next month.", 'user', 'Mel');
    expect(plan).toMatchObject({
      kind: 'event',
      text: 'Mel plans to go camping next month (next month: June 2023)',
    });
    expect(plan?.validFrom).toBe(new Date(2023, 5, 1).getTime());
  });

  it('ignores questions and small talk', () => {
    expect(extract('Do you like hiking?')).toEqual([]);
    expect(extract('Thanks, that is so kind!')).toEqual([]);
  });

  it('formats days', () => {
    expect(formatDay(new Date(2023, 4, 7).getTime())).toBe('7 May 2023');
  });
});
