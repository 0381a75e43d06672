import { describe, expect, it } from 'vitest';
import { MOOD_LIMITS, NEUTRAL_PROSODY, prosodyForMood } from './prosody';
import { FEELING_CENTRES } from '../mood/feelings';

const browser = { rate: [0.1, 10], pitch: [0, 2], volume: [0, 1] } as const;

describe('prosodyForMood', () => {
  it('is neutral for a neutral mood', () => {
    expect(prosodyForMood({ p: 0, a: 0, d: 0 }, browser)).toEqual(NEUTRAL_PROSODY);
  });

  it('makes sad slower and lower than happy, and excited faster than calm', () => {
    const sad = prosodyForMood(FEELING_CENTRES.sad, browser);
    const happy = prosodyForMood(FEELING_CENTRES.happy, browser);
    expect(sad.rate).toBeLessThan(1);
    expect(sad.pitch).toBeLessThan(1);
    expect(happy.rate).toBeGreaterThan(sad.rate);
    expect(happy.pitch).toBeGreaterThan(sad.pitch);
    expect(prosodyForMood(FEELING_CENTRES.excited, browser).rate).toBeGreaterThan(
      prosodyForMood(FEELING_CENTRES.calm, browser).rate,
    );
  });

  it('holds extremes within the mood limits and then the engine ranges', () => {
    const max = prosodyForMood({ p: 1, a: 1, d: 1 }, browser);
    const min = prosodyForMood({ p: -1, a: -1, d: -1 }, browser);
    expect(max.rate).toBeLessThanOrEqual(MOOD_LIMITS.rate[1]);
    expect(min.rate).toBeGreaterThanOrEqual(MOOD_LIMITS.rate[0]);
    expect(max.pitch).toBeLessThanOrEqual(MOOD_LIMITS.pitch[1]);
    expect(min.pitch).toBeGreaterThanOrEqual(MOOD_LIMITS.pitch[0]);
    // Out-of-range input (stored data from elsewhere) is clamped, not extrapolated.
    expect(prosodyForMood({ p: 50, a: 50, d: 50 }, browser)).toEqual(max);
    // A narrow engine range wins over the mood's.
    const narrow = prosodyForMood(
      { p: 1, a: 1, d: 0 },
      { rate: [0.9, 1.05], pitch: [0.95, 1.02], volume: [0, 0.5] },
    );
    expect(narrow).toEqual({ rate: 1.05, pitch: 1.02, volume: 0.5 });
    expect(prosodyForMood({ p: -1, a: -1, d: 0 }, { rate: [0.9, 1.05] }).rate).toBe(0.9);
  });

  it('gives pitch and volume 1 to an engine without them, and treats a broken axis as neutral', () => {
    const speed = prosodyForMood(FEELING_CENTRES.sad, { rate: [0.25, 4] });
    expect(speed.pitch).toBe(1);
    expect(speed.volume).toBe(1);
    expect(speed.rate).toBeLessThan(1);
    expect(prosodyForMood({ p: Number.NaN, a: 0, d: 0 }, browser)).toEqual(NEUTRAL_PROSODY);
  });
});
