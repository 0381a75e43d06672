import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppraiser, createAppraiserFromModel, loadAppraiser, type Appraiser } from './appraiser';
import { GOEMOTIONS_LABELS } from './labels';
import { unpackWeights } from './model';
import { EMOTION_PAD } from './pad-table';
import { importWeights } from './weights-module';

// These read the shipped weights: they check what the product does, not a fixture.
let appraiser: Appraiser;
beforeAll(async () => {
  appraiser = await loadAppraiser(importWeights);
});
const read = (text: string) => appraiser.appraise(text);

describe('the shipped appraiser', () => {
  it('loads a weights file within the 500 kB gzip cap', async () => {
    const file = await readFile(new URL('./weights.json', import.meta.url));
    expect(gzipSync(file, { level: 9 }).length).toBeLessThanOrEqual(500_000);
    expect(() => createAppraiser(JSON.parse(file.toString('utf8')))).not.toThrow();
  });

  it('gives a distribution over the 28 GoEmotions labels, highest first, and PAD in range', () => {
    const { emotions, pad, intensity } = read('Thank you so much, this made my day!');
    expect(emotions.map((e) => e.label).sort()).toEqual([...GOEMOTIONS_LABELS].sort());
    expect(emotions.reduce((s, e) => s + e.p, 0)).toBeCloseTo(1, 6);
    expect(emotions[0]!.label).toBe('gratitude');
    for (let i = 1; i < emotions.length; i++)
      expect(emotions[i - 1]!.p).toBeGreaterThanOrEqual(emotions[i]!.p);
    for (const x of [pad.p, pad.a, pad.d]) expect(Math.abs(x)).toBeLessThanOrEqual(1);
    expect(intensity).toBeGreaterThan(0.5);
    expect(pad.p).toBeGreaterThan(0.2);
  });

  it('reads a neutral message as near the origin with low intensity', () => {
    const neutral = read('The meeting is at 3pm in room 204.');
    const upset = read('I am so upset and hurt by what you said.');
    expect(neutral.intensity).toBeLessThan(upset.intensity);
    expect(Math.hypot(neutral.pad.p, neutral.pad.d)).toBeLessThan(Math.hypot(upset.pad.p, upset.pad.d));
    expect(upset.pad.p).toBeLessThan(-0.2);
  });

  it('negation: "not happy" reads less pleasant than "happy"', () => {
    expect(read('I am not happy').pad.p).toBeLessThan(read('I am happy').pad.p - 0.1);
    expect(read('This is not great').pad.p).toBeLessThan(read('This is great').pad.p - 0.1);
  });

  it('intensifiers: "very angry" is more intense and more aroused than "angry"', () => {
    const plain = read('I am angry');
    const strong = read('I am very angry');
    expect(strong.intensity).toBeGreaterThan(plain.intensity);
    expect(strong.pad.a).toBeGreaterThan(plain.pad.a);
    expect(read('so sad').pad.p).toBeLessThan(read('sad').pad.p);
  });

  it('emoji: "I\'m fine 😢" reads more negative than "I\'m fine"', () => {
    const plain = read("I'm fine");
    const crying = read("I'm fine 😢");
    expect(crying.pad.p).toBeLessThan(plain.pad.p - 0.1);
    expect(crying.emotions.slice(0, 2).map((e) => e.label)).toContain('sadness');
  });

  it('repeated punctuation raises arousal', () => {
    expect(read('I got the job!!!').pad.a).toBeGreaterThan(read('I got the job').pad.a + 0.1);
    expect(read('Why would you do that???').pad.a).toBeGreaterThan(read('Why would you do that').pad.a);
  });

  it('sarcasm: an explicit marker ("/s", 🙄) turns literal praise into annoyance', () => {
    // Reddit's "/s" is its writers' own sarcasm tag; "/s" and 🙄 are markers, not guesses.
    const literal = read('Wow, I just love waiting in line for hours');
    const marked = read('Wow, I just love waiting in line for hours /s');
    expect(literal.pad.p).toBeGreaterThan(0);
    expect(marked.pad.p).toBeLessThan(0);
    expect(marked.emotions[0]!.label).toBe('annoyance');
    expect(read('Great job, genius 🙄').pad.p).toBeLessThan(read('Great job, genius').pad.p);
  });

  it('is deterministic and pure: the same text reads the same', () => {
    expect(read('Honestly I am a bit nervous about tomorrow')).toEqual(
      read('Honestly I am a bit nervous about tomorrow'),
    );
  });

  it('handles empty and odd input without throwing', () => {
    for (const text of ['', '   ', '!!!', '😢', 'a'.repeat(5000), '[NAME] [RELIGION]']) {
      const { pad, intensity } = read(text);
      for (const x of [pad.p, pad.a, pad.d, intensity]) expect(Number.isFinite(x)).toBe(true);
    }
  });

  it('the lexicon reads words the model hardly met, each in its own direction', async () => {
    const file = (await importWeights()) as { blend?: { p: { model: number } } };
    expect((file as Record<string, unknown>).lexicon).toBeDefined();
    const share = file.blend!.p.model;
    const modelOnly = createAppraiserFromModel(unpackWeights(file));
    // "bankrupt" (VADER −2.6) and "prosperous" (+2.1): news words, rare on Reddit.
    const grim = 'The town was left bankrupt after the factory closed.';
    const bright = 'The town was prosperous after the factory opened.';
    const lexicalPart = (text: string) => read(text).pad.p - share * modelOnly.appraise(text).pad.p;
    expect(lexicalPart(grim)).toBeLessThan(-0.05);
    expect(lexicalPart(bright)).toBeGreaterThan(0.05);
    expect(read(grim).pad.p).toBeLessThan(read(bright).pad.p);
    // Dominance, intensity and the emotions stay the model's own.
    expect(read(grim).emotions).toEqual(modelOnly.appraise(grim).emotions);
    expect(read(grim).pad.d).toBe(modelOnly.appraise(grim).pad.d);
  });

  it('affect-laden wording raises arousal with no punctuation cue at all', () => {
    expect(read('The attack was a horrifying, brutal massacre').pad.a).toBeGreaterThan(
      read('The committee met on Tuesday to review the budget').pad.a,
    );
  });

  it('rejects a weights file whose lexicon or blend is malformed', async () => {
    const file = (await importWeights()) as Record<string, unknown>;
    expect(() =>
      createAppraiser({ ...file, lexicon: { source: 'x', words: 'a\nb', valence: 'AA==' } }),
    ).toThrow(/lexicon is malformed/);
    expect(() => createAppraiser({ ...file, blend: { p: { model: 1 } } })).toThrow(/malformed/);
  });

  it('loadAppraiser returns one shared instance', async () => {
    expect(await loadAppraiser(importWeights)).toBe(appraiser);
  });
});

describe('the PAD table', () => {
  it('has a point for every label; neutral at the origin; anger as in ALMA', () => {
    for (const label of GOEMOTIONS_LABELS) expect(EMOTION_PAD[label]).toBeDefined();
    expect(EMOTION_PAD.neutral).toEqual({ p: 0, a: 0, d: 0 });
    expect(EMOTION_PAD.anger).toEqual({ p: -0.51, a: 0.59, d: 0.25 });
    expect(EMOTION_PAD.fear).toEqual({ p: -0.64, a: 0.6, d: -0.43 });
  });
});
