import { describe, expect, it } from 'vitest';
import { CLOCK_OFFSET_KEY, SCRIPTED_APPRAISALS_KEY, createOffsetClock, scriptedAppraiser } from './e2e-edges';
import { memoryArea } from './fakes';

describe('e2e-only edges', () => {
  it('the clock runs ahead by the stored offset once refreshed; a bad offset counts as none', async () => {
    const area = memoryArea({ [CLOCK_OFFSET_KEY]: 8 * 3_600_000 });
    const clock = createOffsetClock(area, () => 1000);
    expect(clock.now()).toBe(1000);
    await clock.refresh();
    expect(clock.now()).toBe(1000 + 8 * 3_600_000);
    area.data[CLOCK_OFFSET_KEY] = 'soon';
    await clock.refresh();
    expect(clock.now()).toBe(1000);
  });

  it('answers only the appraisals a test scripted, and refuses malformed ones', async () => {
    const sad = {
      pad: { p: -0.9, a: -0.4, d: -0.5 },
      emotions: [{ label: 'sadness', p: 0.9 }],
      intensity: 1,
    };
    const area = memoryArea({ [SCRIPTED_APPRAISALS_KEY]: { 'so sad': sad, bad: { pad: { p: 9 } } } });
    const appraise = scriptedAppraiser(area);
    expect(await appraise('so sad')).toEqual(sad);
    await expect(appraise('bad')).rejects.toThrow(/No scripted appraisal/);
    await expect(appraise('hello')).rejects.toThrow(/No scripted appraisal for “hello”/);
  });
});
