import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FEELINGS, type Feeling } from '../mood/types';
import { importCard } from './cards/import-card';
import { jsonBytes, v3Card } from './cards/test-fixtures';
import {
  FEELING_FALLBACKS,
  assignEmotionImages,
  cardEmotionImages,
  feelingForLabel,
  imageForFeeling,
  isFeeling,
  resolveEmotionImages,
} from './emotion-images';

describe('feelingForLabel', () => {
  it.each([
    ['joy', 'happy'],
    ['Sadness', 'sad'],
    ['anger', 'annoyed'],
    ['fear', 'anxious'],
    ['neutral', 'calm'],
    ['excitement', 'excited'],
    ['sleepy', 'tired'],
    ['relief', 'content'],
    ['assets/emotion/image/Joy.PNG', 'happy'],
    ['  grief  ', 'sad'],
    ['calm', 'calm'],
  ] as const)('reads %s as %s', (label, feeling) => {
    expect(feelingForLabel(label)).toBe(feeling);
  });

  it('maps every one of SillyTavern’s 28 classifier labels to a feeling', () => {
    const labels =
      'admiration amusement anger annoyance approval caring confusion curiosity desire disappointment disapproval disgust embarrassment excitement fear gratitude grief joy love nervousness neutral optimism pride realization relief remorse sadness surprise'.split(
        ' ',
      );
    expect(labels).toHaveLength(28);
    expect(labels.filter((label) => feelingForLabel(label) === null)).toEqual([]);
  });

  it('returns null for a label it cannot read', () => {
    expect(feelingForLabel('wearing-a-hat')).toBeNull();
    expect(feelingForLabel('')).toBeNull();
  });

  it('knows the mood’s own names', () => {
    for (const feeling of FEELINGS) expect(feelingForLabel(feeling)).toBe(feeling);
    expect(isFeeling('happy')).toBe(true);
    expect(isFeeling('joy')).toBe(false);
  });
});

describe('fallback chains', () => {
  it('start with the feeling itself and name only feelings', () => {
    for (const feeling of FEELINGS) {
      const chain = FEELING_FALLBACKS[feeling];
      expect(chain[0]).toBe(feeling);
      expect(new Set(chain).size).toBe(chain.length);
      for (const step of chain) expect(FEELINGS).toContain(step);
    }
  });

  it('walks excited → happy → content → calm', () => {
    expect(imageForFeeling({ excited: 'e', happy: 'h', content: 'c', calm: 'n' }, 'excited')).toBe('e');
    expect(imageForFeeling({ happy: 'h', content: 'c', calm: 'n' }, 'excited')).toBe('h');
    expect(imageForFeeling({ content: 'c', calm: 'n' }, 'excited')).toBe('c');
    expect(imageForFeeling({ calm: 'n' }, 'excited')).toBe('n');
    expect(imageForFeeling({ sad: 's' }, 'excited')).toBeUndefined();
  });

  it('lets a lone neutral picture stand in for every feeling', () => {
    const resolved = resolveEmotionImages({ calm: 'neutral.png' });
    expect(Object.keys(resolved).sort()).toEqual([...FEELINGS].sort());
    expect(new Set(Object.values(resolved))).toEqual(new Set(['neutral.png']));
  });

  it('gives a sad feeling a quiet picture before a cheerful one', () => {
    const resolved = resolveEmotionImages<string>({ tired: 't', happy: 'h', calm: 'c' });
    expect(resolved.sad).toBe('t');
    expect(resolved.excited).toBe('h');
    expect(resolved.annoyed).toBe('c');
  });

  it('leaves out the feelings nothing can stand in for', () => {
    const resolved = resolveEmotionImages<string>({ excited: 'x' });
    expect(resolved).toEqual({ excited: 'x', happy: 'x' });
  });
});

describe('assignEmotionImages', () => {
  it('prefers the feeling’s own name, then a synonym, and returns what it cannot place', () => {
    const { byFeeling, unmapped } = assignEmotionImages([
      { label: 'joy', image: 1 },
      { label: 'happy', image: 2 },
      { label: 'amusement', image: 3 },
      { label: 'sadness', image: 4 },
      { label: 'hat', image: 5 },
    ]);
    expect(byFeeling).toEqual({ happy: 2, sad: 4 } satisfies Partial<Record<Feeling, number>>);
    expect(unmapped).toEqual([{ label: 'hat', image: 5 }]);
  });

  it('keeps the first of two equally good labels', () => {
    const { byFeeling } = assignEmotionImages([
      { label: 'anger', image: 'a' },
      { label: 'angry', image: 'b' },
    ]);
    expect(byFeeling.annoyed).toBe('a');
  });
});

describe('cardEmotionImages', () => {
  it('returns a CHARX card’s embedded emotion pictures with their bytes, never remote ones', () => {
    const joy = new Uint8Array([1, 2, 3]);
    const sadness = new Uint8Array([4, 5]);
    const card = v3Card('Cora', [
      { type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' },
      { type: 'emotion', uri: 'embeded://assets/emotion/image/joy.png', name: 'joy', ext: 'png' },
      { type: 'emotion', uri: 'embedded://assets/emotion/image/s.webp', name: '', ext: 'webp' },
      { type: 'emotion', uri: 'https://example.org/anger.png', name: 'anger', ext: 'png' },
    ]);
    const file = zipSync({
      'card.json': jsonBytes(card),
      'assets/emotion/image/joy.png': joy,
      'assets/emotion/image/s.webp': sadness,
    });
    const images = cardEmotionImages(importCard(file).card);
    expect(images).toEqual([
      { label: 'joy', path: 'assets/emotion/image/joy.png', ext: 'png', bytes: joy },
      {
        label: 'assets/emotion/image/s.webp',
        path: 'assets/emotion/image/s.webp',
        ext: 'webp',
        bytes: sadness,
      },
    ]);
  });

  it('finds none in a card without assets', () => {
    const { card } = importCard(jsonBytes(v3Card('Nia', [])));
    expect(cardEmotionImages(card)).toEqual([]);
  });
});
