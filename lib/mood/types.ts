import type { MoodState } from './mood-state';
import type { RelationshipState } from './relationship';

/**
 * The mood's shared vocabulary: the state (pleasure, arousal, dominance), the named
 * feelings read off it, what the appraiser reads from a message, the relationship, and the
 * client the panel and the options page use to see and steer them. Plain data only.
 */

/** A point in pleasure–arousal–dominance space; each axis in [-1, 1]. */
export interface Pad {
  p: number;
  a: number;
  d: number;
}

/** The named feelings the face and the voice show, read off the PAD state with hysteresis. */
export const FEELINGS = [
  'calm',
  'content',
  'happy',
  'excited',
  'sad',
  'anxious',
  'annoyed',
  'tired',
] as const;
/** One named feeling. */
export type Feeling = (typeof FEELINGS)[number];

/** What the appraiser reads from one message. */
export interface Appraisal {
  /** The message's pull on the mood, each axis in [-1, 1]. */
  pad: Pad;
  /** Emotion probabilities (GoEmotions' labels), highest first. */
  emotions: { label: string; p: number }[];
  /** How strongly the message carries any emotion, in [0, 1] (0: neutral). */
  intensity: number;
}

/** The companion's mood as the UI shows it. */
export interface MoodView {
  personaId: string;
  pad: Pad;
  feeling: Feeling;
  /** The persona's temperament: where the mood decays to. */
  baseline: Pad;
  updatedAt: number;
  paused: boolean;
}

/** The relationship as the UI shows it; each value in [0, 1]. */
export interface RelationshipView {
  personaId: string;
  familiarity: number;
  trust: number;
  affection: number;
  /** A named stage with visible effects on tone (e.g. 'new', 'acquainted', 'friends', 'close'). */
  stage: string;
  paused: boolean;
}

/** One logged change of mood or relationship, with its cause. */
export interface MoodLogEntry {
  id: string;
  personaId: string;
  at: number;
  kind: 'mood' | 'relationship' | 'reset' | 'pause' | 'checkpoint';
  /** What moved it: 'user-message', 'own-reply', 'time', 'page', 'reset', … */
  cause: string;
  /** The message that caused it, when one did. */
  messageId?: string;
  /** The rule that moved it, in words ("bounded step 0.3", "trust falls faster"). */
  rule: string;
  /** The state after the change (mood: pad; relationship: its three values). */
  after: Record<string, number>;
  /** The change applied. */
  delta: Record<string, number>;
  /** The appraisal behind a mood change, if any. */
  appraisal?: Appraisal;
  /** How much the appraisal counted (1 for the user's message, less for the companion's own). */
  weight?: number;
  /** A guarded message (a care signal, a request for a break): it never moves the mood toward annoyance nor lowers the relationship. */
  guard?: 'care' | 'break';
  /** A checkpoint (kind 'checkpoint'): the states older entries were folded into when the log was pruned. */
  checkpoint?: MoodCheckpoint;
}

/** The states after the entries a pruning folded away; replay starts from here (mood-store.ts). */
export interface MoodCheckpoint {
  mood: MoodState;
  relationship: RelationshipState;
  /** How many entries, in all prunings, this checkpoint stands for. */
  folded: number;
}

/**
 * What the panel and the options page use to see and steer mood and relationship; the real
 * implementation talks to the background over the typed protocol.
 */
export interface MoodClient {
  current(personaId: string): Promise<{ mood: MoodView; relationship: RelationshipView }>;
  /** Log entries from `from` (ms) on, oldest first, at most `limit`. */
  history(personaId: string, options?: { from?: number; limit?: number }): Promise<MoodLogEntry[]>;
  reset(personaId: string, what: 'mood' | 'relationship' | 'both'): Promise<void>;
  pause(personaId: string, paused: boolean): Promise<void>;
  /** Mood, relationship and the log as one JSON-ready object. */
  exportAll(personaId: string): Promise<unknown>;
  /** Calls back on every change made anywhere; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}
