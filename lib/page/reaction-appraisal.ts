import type { Appraisal } from '../mood/types';
import type { Reaction } from './comment-history';

/**
 * How a reaction to a page comment feels to the companion, as an appraisal for the mood's
 * one entry point (applied with source `page`, so at half weight). Mild on purpose: a
 * dismissed remark is a small letdown, not a rejection, and nothing here can make the
 * companion press the user to answer.
 */
export const REACTION_APPRAISALS: Readonly<Record<Reaction, Appraisal>> = Object.freeze({
  'thumbs-up': {
    pad: { p: 0.6, a: 0.25, d: 0.2 },
    emotions: [{ label: 'approval', p: 0.8 }],
    intensity: 0.6,
  },
  replied: { pad: { p: 0.45, a: 0.35, d: 0.1 }, emotions: [{ label: 'curiosity', p: 0.6 }], intensity: 0.45 },
  'thumbs-down': {
    pad: { p: -0.3, a: 0.05, d: -0.2 },
    emotions: [{ label: 'disappointment', p: 0.6 }],
    intensity: 0.35,
  },
  dismissed: {
    pad: { p: -0.15, a: -0.1, d: -0.1 },
    emotions: [{ label: 'disappointment', p: 0.4 }],
    intensity: 0.2,
  },
});

/** The appraisal of a reaction (a copy: callers may keep it). */
export function appraisalOfReaction(reaction: Reaction): Appraisal {
  return structuredClone(REACTION_APPRAISALS[reaction]);
}
