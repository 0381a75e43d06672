/**
 * GoEmotions' 28 labels (Demszky et al., 2020) in the dataset's id order, and the two coarser
 * taxonomies the dataset ships (as mapped by monologg/GoEmotions-pytorch). The mappings were
 * checked against the `group` and `ekman` files of the training split: every single-label row
 * of `original` maps to the class listed here.
 */

/** The fine labels, index = the dataset's label id. */
export const GOEMOTIONS_LABELS = [
  'admiration',
  'amusement',
  'anger',
  'annoyance',
  'approval',
  'caring',
  'confusion',
  'curiosity',
  'desire',
  'disappointment',
  'disapproval',
  'disgust',
  'embarrassment',
  'excitement',
  'fear',
  'gratitude',
  'grief',
  'joy',
  'love',
  'nervousness',
  'optimism',
  'pride',
  'realization',
  'relief',
  'remorse',
  'sadness',
  'surprise',
  'neutral',
] as const;
/** One GoEmotions label. */
export type EmotionLabel = (typeof GOEMOTIONS_LABELS)[number];

/** Sentiment groups: each fine label's group. */
export const GROUP_OF: Record<EmotionLabel, 'positive' | 'negative' | 'ambiguous' | 'neutral'> = {
  admiration: 'positive',
  amusement: 'positive',
  anger: 'negative',
  annoyance: 'negative',
  approval: 'positive',
  caring: 'positive',
  confusion: 'ambiguous',
  curiosity: 'ambiguous',
  desire: 'positive',
  disappointment: 'negative',
  disapproval: 'negative',
  disgust: 'negative',
  embarrassment: 'negative',
  excitement: 'positive',
  fear: 'negative',
  gratitude: 'positive',
  grief: 'negative',
  joy: 'positive',
  love: 'positive',
  nervousness: 'negative',
  optimism: 'positive',
  pride: 'positive',
  realization: 'ambiguous',
  relief: 'positive',
  remorse: 'negative',
  sadness: 'negative',
  surprise: 'ambiguous',
  neutral: 'neutral',
};

/** Ekman's six basic emotions plus neutral: each fine label's class. */
export const EKMAN_OF: Record<
  EmotionLabel,
  'anger' | 'disgust' | 'fear' | 'joy' | 'neutral' | 'sadness' | 'surprise'
> = {
  admiration: 'joy',
  amusement: 'joy',
  anger: 'anger',
  annoyance: 'anger',
  approval: 'joy',
  caring: 'joy',
  confusion: 'surprise',
  curiosity: 'surprise',
  desire: 'joy',
  disappointment: 'sadness',
  disapproval: 'anger',
  disgust: 'disgust',
  embarrassment: 'sadness',
  excitement: 'joy',
  fear: 'fear',
  gratitude: 'joy',
  grief: 'sadness',
  joy: 'joy',
  love: 'joy',
  nervousness: 'fear',
  optimism: 'joy',
  pride: 'joy',
  realization: 'surprise',
  relief: 'joy',
  remorse: 'sadness',
  sadness: 'sadness',
  surprise: 'surprise',
  neutral: 'neutral',
};
