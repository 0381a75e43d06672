import type { Feeling, Pad } from './types';
import { padDistance } from './pad';

/**
 * Where each named feeling sits in PAD space, after Mehrabian's octants and the
 * emotion→PAD placements used by ALMA (Gebhard 2005): e.g. sad is unpleasant, low arousal,
 * submissive; annoyed is unpleasant, aroused, dominant; tired is low arousal near neutral
 * pleasure. Calm is the near-neutral resting region.
 */
export const FEELING_CENTRES: Readonly<Record<Feeling, Pad>> = Object.freeze({
  calm: { p: 0.1, a: -0.3, d: 0.1 },
  content: { p: 0.4, a: -0.15, d: 0.2 },
  happy: { p: 0.6, a: 0.3, d: 0.25 },
  excited: { p: 0.55, a: 0.7, d: 0.3 },
  sad: { p: -0.5, a: -0.3, d: -0.35 },
  anxious: { p: -0.45, a: 0.5, d: -0.45 },
  annoyed: { p: -0.45, a: 0.45, d: 0.35 },
  tired: { p: -0.1, a: -0.65, d: -0.2 },
});

/** How much closer another feeling's centre must be before the label switches to it. */
export const FEELING_MARGIN = 0.08;

/** The feeling whose centre is nearest to `pad`. */
export function nearestFeeling(pad: Pad): Feeling {
  let best: Feeling = 'calm';
  let bestDistance = Infinity;
  for (const [name, centre] of Object.entries(FEELING_CENTRES) as [Feeling, Pad][]) {
    const distance = padDistance(pad, centre);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The named feeling for `pad`, with hysteresis: the previous feeling stays until another
 * one's centre is nearer by at least `margin`. Without it a state resting on the border
 * between two regions would flip the face at every tiny change.
 */
export function readFeeling(pad: Pad, previous: Feeling | undefined, margin = FEELING_MARGIN): Feeling {
  const nearest = nearestFeeling(pad);
  if (!previous || previous === nearest) return nearest;
  const keep = padDistance(pad, FEELING_CENTRES[previous]);
  const next = padDistance(pad, FEELING_CENTRES[nearest]);
  return next + margin < keep ? nearest : previous;
}
