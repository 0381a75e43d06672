import type { Pad } from '../types';
import type { EmotionLabel } from './labels';

/**
 * Where each GoEmotions label sits in pleasure–arousal–dominance space.
 *
 * Source: the OCC-emotion → PAD table of ALMA (Gebhard, P. 2005, "ALMA: a layered model of
 * affect", AAMAS '05, Table 1), itself derived from Mehrabian's PAD ratings; the same table
 * drives mood in gamygdala-style agents. Values are copied exactly:
 *
 *   Admiration  0.50  0.30 -0.20 | Anger        -0.51  0.59  0.25 | Disappointment -0.30  0.10 -0.40
 *   Disliking  -0.40  0.20  0.10 | Distress     -0.40 -0.20 -0.50 | Fear           -0.64  0.60 -0.43
 *   Gratitude   0.40  0.20 -0.30 | Hate         -0.60  0.60  0.30 | Hope            0.20  0.20 -0.10
 *   Joy         0.40  0.20  0.10 | Liking        0.40  0.16 -0.24 | Love            0.30  0.10  0.20
 *   Pride       0.40  0.30  0.30 | Relief        0.20 -0.30  0.40 | Remorse        -0.30  0.10 -0.60
 *   Reproach   -0.30 -0.10  0.40 | Shame        -0.30  0.10 -0.60
 *
 * GoEmotions labels are matched to OCC types by OCC's own emotion tokens (Ortony, Clore and
 * Collins 1988 list "annoyed" under anger, "sad"/"grief" under distress, "embarrassed" under
 * shame, "disapproving" under reproach, "disgust" under hate). OCC has no surprise, curiosity,
 * confusion or excitement; for those we use Mehrabian's own ratings of the nearest adjective
 * (Russell and Mehrabian 1977 / Mehrabian 1980, as quoted in the PAD model's literature):
 * curious 0.22 0.62 -0.01, puzzled -0.41 0.48 -0.33, elated 0.50 0.42 0.23.
 * Realization names a cognitive event, not a feeling, and neutral none: both sit at 0.
 */
const ALMA = {
  admiration: { p: 0.5, a: 0.3, d: -0.2 },
  anger: { p: -0.51, a: 0.59, d: 0.25 },
  disappointment: { p: -0.3, a: 0.1, d: -0.4 },
  disliking: { p: -0.4, a: 0.2, d: 0.1 },
  distress: { p: -0.4, a: -0.2, d: -0.5 },
  fear: { p: -0.64, a: 0.6, d: -0.43 },
  gratitude: { p: 0.4, a: 0.2, d: -0.3 },
  hate: { p: -0.6, a: 0.6, d: 0.3 },
  hope: { p: 0.2, a: 0.2, d: -0.1 },
  joy: { p: 0.4, a: 0.2, d: 0.1 },
  liking: { p: 0.4, a: 0.16, d: -0.24 },
  love: { p: 0.3, a: 0.1, d: 0.2 },
  pride: { p: 0.4, a: 0.3, d: 0.3 },
  relief: { p: 0.2, a: -0.3, d: 0.4 },
  remorse: { p: -0.3, a: 0.1, d: -0.6 },
  reproach: { p: -0.3, a: -0.1, d: 0.4 },
  shame: { p: -0.3, a: 0.1, d: -0.6 },
} as const satisfies Record<string, Pad>;

const MEHRABIAN = {
  curious: { p: 0.22, a: 0.62, d: -0.01 },
  puzzled: { p: -0.41, a: 0.48, d: -0.33 },
  elated: { p: 0.5, a: 0.42, d: 0.23 },
} as const satisfies Record<string, Pad>;

const ZERO: Pad = { p: 0, a: 0, d: 0 };

/** Each GoEmotions label's PAD, from the tables above (see the mapping's reasons there). */
export const EMOTION_PAD: Record<EmotionLabel, Pad> = {
  admiration: ALMA.admiration,
  amusement: ALMA.joy,
  anger: ALMA.anger,
  annoyance: ALMA.anger,
  approval: ALMA.liking,
  caring: ALMA.love,
  confusion: MEHRABIAN.puzzled,
  curiosity: MEHRABIAN.curious,
  desire: ALMA.hope,
  disappointment: ALMA.disappointment,
  disapproval: ALMA.reproach,
  disgust: ALMA.hate,
  embarrassment: ALMA.shame,
  excitement: MEHRABIAN.elated,
  fear: ALMA.fear,
  gratitude: ALMA.gratitude,
  grief: ALMA.distress,
  joy: ALMA.joy,
  love: ALMA.love,
  nervousness: ALMA.fear,
  optimism: ALMA.hope,
  pride: ALMA.pride,
  realization: ZERO,
  relief: ALMA.relief,
  remorse: ALMA.remorse,
  sadness: ALMA.distress,
  surprise: MEHRABIAN.curious,
  neutral: ZERO,
};
