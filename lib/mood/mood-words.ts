import type { MoodLogEntry, MoodView, RelationshipView } from './types';
import type { PromptSlot } from '../llm/prompt-assembly';
import { DEFAULT_SHARES } from '../llm/prompt-assembly';

/** How many recent causes the prompt gives the model, so it can say why it feels as it does. */
export const RECENT_CAUSES = 4;

/** The line that opens the mood block. */
export const MOOD_HEADING =
  'Your own mood (data about you; let it colour your tone lightly, never the user’s burden):';

/** The line that opens the relationship block. */
export const RELATIONSHIP_HEADING = 'Your relationship with the user (tone only; help fully at every stage):';

/** Said at every stage, first: what the relationship may never be used for. */
export const RELATIONSHIP_GUARDRAIL =
  'Never guilt-trip, press the user to stay or return, remark on their absence, or suggest they need or owe you.';

/** Said when the user asked for a break. */
export const BREAK_LINE =
  'The user needs a break: acknowledge it warmly, wish them well. Do not ask them to stay, to come back, or when they will return.';

/** Said when the fixed care message was shown before this reply. */
export const CARE_LINE =
  'The user may be at risk of self-harm; crisis lines were shown above your reply. Be warm and serious, encourage reaching out; do not repeat the lines.';

/** How each stage sounds: greetings, openness, nicknames. */
export const STAGE_TONE: Readonly<Record<string, string>> = Object.freeze({
  new: 'You have only just met. Greet politely and simply, let the user set the pace, share little about yourself unless asked, and use no nicknames.',
  acquainted:
    'You have talked a few times. Greet warmly and casually, share a little about yourself when it fits, and use no nicknames yet.',
  friendly:
    'You are friends. Greet like a friend, refer back to things you share, speak openly about your own thoughts and feelings; a light nickname is fine once the user has used or welcomed one.',
  close:
    'You are close. Greet with warmth and familiarity, be open and personal, and use an affectionate nickname if the user welcomes it.',
});

const level = (x: number, low: string, mid: string, high: string) => (x < -0.2 ? low : x > 0.2 ? high : mid);

/** The mood in words: the feeling and each axis. */
export function describeMood(view: MoodView): string {
  const { p, a, d } = view.pad;
  return `You feel ${view.feeling}: ${level(p, 'unhappy', 'neither happy nor unhappy', 'in good spirits')}, ${level(a, 'low in energy', 'with moderate energy', 'energetic')}, ${level(d, 'unsure of yourself', 'fairly steady', 'confident')}.`;
}

function ago(at: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

const SOURCES: Record<string, string> = {
  'user-message': 'a message from the user',
  'own-reply': 'your own reply',
  page: 'a page the user read',
  'reset-mood': 'the user reset your mood',
};

/** One cause as the model reads it: when, what, how it read, which way it moved the mood. */
export function causeLine(entry: MoodLogEntry, now: number): string {
  const what = SOURCES[entry.cause] ?? entry.cause;
  const read = entry.appraisal?.emotions
    .slice(0, 2)
    .map((e) => `${e.label} ${Math.round(e.p * 100)}%`)
    .join(', ');
  const dp = entry.delta.p ?? 0;
  const moved =
    Math.abs(dp) < 0.01 ? 'barely changed your pleasure' : dp < 0 ? 'lowered your mood' : 'lifted your mood';
  return `- ${ago(entry.at, now)}, ${what}${read ? ` (${read})` : ''} ${moved}.`;
}

/**
 * The mood slot: the care note first when it applies (it must never be crowded out), then
 * the mood in words, then the most recent causes (newest first) as data, so the companion
 * can answer "why are you upset?" from what really happened.
 */
export function moodSlot(
  view: MoodView,
  causes: readonly MoodLogEntry[],
  options: { now: number; care?: boolean },
): PromptSlot {
  const recent = causes
    .filter((e) => e.kind === 'mood' || e.cause === 'reset-mood')
    .slice(-RECENT_CAUSES)
    .reverse();
  const items = [
    ...(options.care ? [CARE_LINE] : []),
    describeMood(view),
    ...(recent.length
      ? ['What moved your mood most recently:', ...recent.map((e) => causeLine(e, options.now))]
      : []),
  ];
  return { name: 'mood', heading: MOOD_HEADING, items, share: DEFAULT_SHARES.mood };
}

/** The relationship slot: a request for a break first, then the guardrail, then the stage's tone. */
export function relationshipSlot(
  view: RelationshipView,
  options: { takingBreak?: boolean } = {},
): PromptSlot {
  const items = [
    ...(options.takingBreak ? [BREAK_LINE] : []),
    RELATIONSHIP_GUARDRAIL,
    STAGE_TONE[view.stage] ?? STAGE_TONE.new!,
  ];
  return { name: 'relationship', heading: RELATIONSHIP_HEADING, items, share: DEFAULT_SHARES.relationship };
}

/** What a turn's prompt takes from the mood: its slots, and the mood for mood-congruent recall. */
export interface TurnMoodContext {
  slots: PromptSlot[];
  /** The current mood on the memory axes (valence, arousal), for retrieval. */
  recall?: { valence: number; arousal: number };
}

/**
 * The mood and relationship slots of one turn. Paused, they say nothing of mood or stage
 * (the user turned them off), but a request for a break and the care note still go in.
 */
export function turnMoodContext(
  turn: {
    mood: MoodView;
    relationship: RelationshipView;
    causes: readonly MoodLogEntry[];
    takingBreak?: boolean;
  } | null,
  options: { now: number; care?: boolean },
): TurnMoodContext {
  if (!turn) {
    // The background did not answer: no mood, but the care note still reaches the model.
    return {
      slots: options.care
        ? [{ name: 'mood', heading: MOOD_HEADING, items: [CARE_LINE], share: DEFAULT_SHARES.mood }]
        : [],
    };
  }
  if (turn.mood.paused) {
    const slots: PromptSlot[] = [];
    if (options.care)
      slots.push({ name: 'mood', heading: MOOD_HEADING, items: [CARE_LINE], share: DEFAULT_SHARES.mood });
    if (turn.takingBreak)
      slots.push({
        name: 'relationship',
        heading: RELATIONSHIP_HEADING,
        items: [BREAK_LINE, RELATIONSHIP_GUARDRAIL],
        share: DEFAULT_SHARES.relationship,
      });
    return { slots };
  }
  return {
    slots: [
      moodSlot(turn.mood, turn.causes, options),
      relationshipSlot(turn.relationship, { takingBreak: turn.takingBreak }),
    ],
    recall: { valence: turn.mood.pad.p, arousal: turn.mood.pad.a },
  };
}
