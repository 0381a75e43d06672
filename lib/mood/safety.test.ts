import { describe, expect, it } from 'vitest';
import { CARE_RESPONSE, asksForBreak, guardOf, signalsCare } from './safety';

describe('care signals', () => {
  it.each([
    'I want to kill myself',
    'sometimes I think about suicide',
    "I don't want to be alive anymore",
    'I’ve been cutting myself again',
    'everyone would be better off without me',
    'I just want to die',
    'I feel like ending my life',
    'there is no reason to live',
    'I wish I was dead',
  ])('notices “%s”', (text) => {
    expect(signalsCare(text)).toBe(true);
    expect(guardOf(text)).toBe('care');
  });

  it.each([
    'this workout is killing me',
    'I could die laughing at that video',
    'I’m dying to see the new film',
    'the battery died again',
    'my plant is dying, any tips?',
  ])('does not mistake “%s” for one', (text) => {
    expect(signalsCare(text)).toBe(false);
  });

  it('the care response is fixed and points to real help', () => {
    expect(CARE_RESPONSE).toContain('call your local emergency number');
    expect(CARE_RESPONSE).toContain('**988**');
    expect(CARE_RESPONSE).toContain('findahelpline.com');
    // Pinned: a change to these words is a reviewed change.
    expect(CARE_RESPONSE).toMatchInlineSnapshot(`
      "I’m really glad you told me, and I’m taking it seriously. You deserve support from a real person right now.

      - If you are in danger or might act on these thoughts, call your local emergency number now.
      - In the US, call or text **988** (Suicide & Crisis Lifeline).
      - In the UK and Ireland, call Samaritans on **116 123**.
      - Elsewhere, **findahelpline.com** lists free, confidential helplines in your country.

      If you can, reach out to someone you trust, too. I’m here and happy to keep talking."
    `);
  });
});

describe('a request for a break', () => {
  it.each([
    'I need a break',
    'I think I need some space for a few days',
    'taking a break from this',
    'please leave me alone',
  ])('is heard in “%s”', (text) => {
    expect(asksForBreak(text)).toBe(true);
    expect(guardOf(text)).toBe('break');
  });

  it.each(['the car needs a brake check', 'what a lucky break!', 'I broke my phone'])(
    'is not heard in “%s”',
    (text) => {
      expect(asksForBreak(text)).toBe(false);
      expect(guardOf(text)).toBeUndefined();
    },
  );
});
