import { describe, expect, it } from 'vitest';
import { extractFeatures, hash32 } from './features';

const bucketsOf = (text: string) => new Set(extractFeatures(text, 20).buckets);
const has = (text: string, feature: string) => bucketsOf(text).has(hash32(feature) & ((1 << 20) - 1));

describe('features', () => {
  it('marks the words after a negator, up to the clause end', () => {
    expect(has('I am not happy', 'w:NOT_happy')).toBe(true);
    expect(has("I don't like it", 'w:NOT_like')).toBe(true);
    expect(has('not bad. happy now', 'w:happy')).toBe(true);
    expect(has('not bad. happy now', 'w:NOT_happy')).toBe(false);
  });

  it('reads cues: intensifiers, emoji classes, punctuation runs, capitals, sarcasm', () => {
    const { cues } = extractFeatures('I am SO very ANGRY!!! 😡 why?? /s', 16);
    expect(cues.intensifiers).toBe(2);
    expect(cues.emoji).toEqual(['anger']);
    expect(cues.exclamationRun).toBe(3);
    expect(cues.questionRun).toBe(2);
    expect(cues.shouted).toBe(1);
    expect(cues.sarcasm).toBe(1);
    expect(has(":'( rough day", 'e:sad')).toBe(true);
    expect(has('sooooo good', 'w:soo')).toBe(true);
  });

  it('gives a unit-length vector, and nothing for empty text but the length feature', () => {
    const { values } = extractFeatures('a perfectly ordinary sentence', 16);
    expect(Math.hypot(...values)).toBeCloseTo(1, 5);
    expect(extractFeatures('', 16).buckets.length).toBe(1);
  });
});
