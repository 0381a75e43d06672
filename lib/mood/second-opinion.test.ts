import { describe, expect, it } from 'vitest';
import {
  blendSecondOpinion,
  ENGINE_PAD_SCALE,
  MAX_SECOND_OPINION_WEIGHT,
  parseEngineReading,
  SECOND_OPINION_PROMPT,
  type EngineReading,
} from './second-opinion';
import type { Appraisal } from './types';

const local: Appraisal = {
  pad: { p: 0.2, a: 0.1, d: 0 },
  emotions: [
    { label: 'joy', p: 0.6 },
    { label: 'neutral', p: 0.4 },
  ],
  intensity: 0.6,
};
const sad: EngineReading = { valence: -1, arousal: -0.5, emotions: ['sadness'], confidence: 1 };

describe('the engine’s second opinion', () => {
  it('parses a reply, fenced or wrapped in a sentence, and refuses a malformed one with a reason', () => {
    const fenced =
      '```json\n{"valence": -0.8, "arousal": 0.2, "emotions": ["sadness"], "confidence": 0.9}\n```';
    expect(parseEngineReading(fenced)).toEqual({
      ok: true,
      reading: { valence: -0.8, arousal: 0.2, emotions: ['sadness'], confidence: 0.9 },
    });
    expect(parseEngineReading('Sure! {"valence": 0.5, "arousal": 0} Hope that helps.')).toMatchObject({
      ok: true,
    });
    expect(parseEngineReading('I feel fine')).toEqual({ ok: false, error: 'the reply holds no JSON object' });
    expect(parseEngineReading('{"valence": -0.8,}')).toMatchObject({ ok: false, error: /does not parse/ });
    expect(parseEngineReading('{"valence": 3, "arousal": 0}')).toMatchObject({ ok: false, error: /valence/ });
    expect(parseEngineReading('{"valence": 0, "arousal": 0, "emotions": ["glee"]}')).toMatchObject({
      ok: false,
      error: /emotions/,
    });
    expect(parseEngineReading('{"arousal": 0}')).toMatchObject({ ok: false, error: /valence/ });
  });

  it('asks for the fields the parser accepts, naming the labels it knows', () => {
    for (const field of ['valence', 'arousal', 'dominance', 'emotions', 'confidence'])
      expect(SECOND_OPINION_PROMPT).toContain(`"${field}"`);
    expect(SECOND_OPINION_PROMPT).toContain('sadness');
  });

  it('moves the appraisal part of the way toward the engine’s reading, never past half', () => {
    const blended = blendSecondOpinion(local, sad, 0.3);
    expect(blended.pad.p).toBeCloseTo(0.7 * 0.2 + 0.3 * ENGINE_PAD_SCALE * -1);
    expect(blended.pad.a).toBeCloseTo(0.7 * 0.1 + 0.3 * ENGINE_PAD_SCALE * -0.5);
    // No dominance from the engine: the local one stands.
    expect(blended.pad.d).toBe(0);
    const strongest = blendSecondOpinion(local, sad, 5);
    expect(strongest.pad.p).toBeCloseTo(
      (1 - MAX_SECOND_OPINION_WEIGHT) * 0.2 + MAX_SECOND_OPINION_WEIGHT * ENGINE_PAD_SCALE * -1,
    );
    expect(MAX_SECOND_OPINION_WEIGHT).toBeLessThan(0.5);
  });

  it('mixes the named emotions into the distribution, which stays a distribution, highest first', () => {
    const blended = blendSecondOpinion(local, sad, 0.3);
    expect(blended.emotions.reduce((s, e) => s + e.p, 0)).toBeCloseTo(1, 10);
    expect(blended.emotions.find((e) => e.label === 'sadness')!.p).toBeCloseTo(0.3);
    expect(blended.emotions.find((e) => e.label === 'joy')!.p).toBeCloseTo(0.42);
    for (let i = 1; i < blended.emotions.length; i++)
      expect(blended.emotions[i - 1]!.p).toBeGreaterThanOrEqual(blended.emotions[i]!.p);
    expect(blended.intensity).toBeCloseTo(0.7 * 0.6 + 0.3 * 1);
  });

  it('scales its say by the engine’s confidence; none at all leaves the appraisal as it was', () => {
    expect(blendSecondOpinion(local, { ...sad, confidence: 0 })).toBe(local);
    expect(blendSecondOpinion(local, sad, 0)).toBe(local);
    const unsure = blendSecondOpinion(local, { ...sad, confidence: 0.5 }, 0.3);
    const sure = blendSecondOpinion(local, sad, 0.3);
    expect(local.pad.p - unsure.pad.p).toBeCloseTo((local.pad.p - sure.pad.p) / 2);
  });

  it('without named emotions, the distribution is the local one', () => {
    const blended = blendSecondOpinion(local, { valence: 0.5, arousal: 0.5, dominance: 1 }, 0.3);
    expect(blended.emotions).toEqual(local.emotions);
    expect(blended.pad.d).toBeCloseTo(0.3 * ENGINE_PAD_SCALE);
  });
});
