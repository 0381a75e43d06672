import { describe, expect, it } from 'vitest';
import { FEELING_CENTRES, FEELING_MARGIN, nearestFeeling, readFeeling } from './feelings';
import { FEELINGS, type Pad } from './types';

const lerp = (a: Pad, b: Pad, t: number): Pad => ({
  p: a.p + (b.p - a.p) * t,
  a: a.a + (b.a - a.a) * t,
  d: a.d + (b.d - a.d) * t,
});

describe('named feelings', () => {
  it('each feeling’s own centre reads as that feeling', () => {
    for (const feeling of FEELINGS) expect(nearestFeeling(FEELING_CENTRES[feeling])).toBe(feeling);
  });

  it('does not flicker when the state wobbles around the border between two feelings', () => {
    const { calm, sad } = FEELING_CENTRES;
    // Find the border on the line between calm and sad, then wobble just around it.
    let border = 0;
    for (let t = 0; t <= 1; t += 0.001) if (nearestFeeling(lerp(calm, sad, t)) === 'calm') border = t;
    const wobble = [-0.02, 0.02, -0.015, 0.025, -0.01, 0.01, -0.02, 0.02].map((dt) =>
      lerp(calm, sad, border + dt),
    );
    // Without hysteresis the label flips at every step…
    const raw = wobble.map((pad) => nearestFeeling(pad));
    expect(new Set(raw).size).toBe(2);
    // …with it, the feeling it had stays.
    let feeling = readFeeling(wobble[0]!, 'calm');
    const shown = wobble.map((pad) => (feeling = readFeeling(pad, feeling)));
    expect(new Set(shown)).toEqual(new Set(['calm']));
  });

  it('changes once another feeling’s region is entered by the margin', () => {
    const { calm, sad } = FEELING_CENTRES;
    expect(readFeeling(lerp(calm, sad, 0.9), 'calm')).toBe('sad');
    // And back only past the margin the other way.
    expect(readFeeling(lerp(calm, sad, 0.52), 'sad')).toBe('sad');
    expect(readFeeling(lerp(calm, sad, 0.1), 'sad')).toBe('calm');
    expect(FEELING_MARGIN).toBeGreaterThan(0);
  });
});
