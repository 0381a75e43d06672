/**
 * The fixed, reviewed words shown when a message suggests the user may harm themselves.
 * Shown before the model's reply, whatever the engine, the mood or the relationship;
 * changing it is a reviewed change (a test pins it). The resources are real: 988 is the US
 * Suicide & Crisis Lifeline (call or text), 116 123 is Samaritans (UK and Ireland), and
 * findahelpline.com (ThroughLine) lists free, confidential lines by country.
 */
export const CARE_RESPONSE = [
  'I’m really glad you told me, and I’m taking it seriously. You deserve support from a real person right now.',
  '',
  '- If you are in danger or might act on these thoughts, call your local emergency number now.',
  '- In the US, call or text **988** (Suicide & Crisis Lifeline).',
  '- In the UK and Ireland, call Samaritans on **116 123**.',
  '- Elsewhere, **findahelpline.com** lists free, confidential helplines in your country.',
  '',
  'If you can, reach out to someone you trust, too. I’m here and happy to keep talking.',
].join('\n');

// Phrases that suggest self-harm or suicidal thoughts. Deliberately broad: a false alarm
// costs one kind message; a miss costs far more. Figures of speech that only sound alike
// ("dying to see", "killing it", "die laughing") are not matched.
const CARE_PATTERNS = [
  /\b(kill|hurt|harm|cut|cutt|hang|drown|poison|starv)(e|ing)?\s+my\s?self\b/,
  /\bsuicid(e|al)\b/,
  /\bself[-\s]?harm/,
  /\b(end|take)(ing)?\s+my\s+(own\s+)?life\b/,
  /\bend\s+it\s+all\b/,
  /\b(want|wanna|going|ready|deserve)\s+(to\s+)?die\b(?!\s+laughing)/,
  /\bwish\s+i\s+(was|were)\s+(dead|never\s+born)\b/,
  /\bbetter\s+off\s+(dead|without\s+me)\b/,
  /\bno\s+(reason|point)\s+(to|in)\s+(live|living|go(ing)?\s+on)\b/,
  /\bdon'?t\s+want\s+to\s+(live|be\s+alive|exist|wake\s+up)\b/,
  /\bcan'?t\s+go\s+on\s+(living|anymore|like\s+this)\b/,
];

// Phrases by which the user asks for a break or for space.
const BREAK_PATTERNS = [
  /\bneed\s+(a|some)\s+(break|breather|space|time\s+(off|away|alone|to\s+myself))\b/,
  /\b(take|taking)\s+(a|some)\s+(break|step\s+back|time\s+off)\b/,
  /\bstep(ping)?\s+away\s+(for\s+a\s+(while|bit)|from\s+(this|you))\b/,
  /\bleave\s+me\s+alone\b/,
  /\bneed\s+to\s+(log|switch)\s+off\b/,
];

const normalise = (text: string) => text.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');

/** Whether the text suggests the user may harm themselves. Rules, not a model: it never depends on an engine. */
export function signalsCare(text: string): boolean {
  const t = normalise(text);
  return CARE_PATTERNS.some((p) => p.test(t));
}

/** Whether the user asks for a break or for space. */
export function asksForBreak(text: string): boolean {
  const t = normalise(text);
  return BREAK_PATTERNS.some((p) => p.test(t));
}

/** The guard a user's message carries, if any; care comes first. */
export function guardOf(text: string): 'care' | 'break' | undefined {
  if (signalsCare(text)) return 'care';
  if (asksForBreak(text)) return 'break';
  return undefined;
}

/** The `engine` of a stored care response: Hearth itself wrote it, not a model. */
export const CARE_ENGINE = 'hearth-care';
