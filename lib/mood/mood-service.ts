import type { Appraisal, MoodLogEntry, MoodView, RelationshipView } from './types';
import {
  applyAppraisal,
  initialMood,
  moodView,
  pauseEntry,
  pauseMood,
  resetMood,
  type MoodState,
  type NewLogEntry,
} from './mood-state';
import {
  applyToRelationship,
  initialRelationship,
  relationshipView,
  resetRelationship,
  type RelationshipState,
} from './relationship';
import { DEFAULT_TEMPERAMENT, type Temperament } from './temperament';
import { CARE_RESPONSE, guardOf } from './safety';
import { RECENT_CAUSES } from './mood-words';
import { logEntryId, MOOD_LOG_LIMITS, type MoodLogLimits, type MoodStore } from './mood-store';
import type { z } from 'zod';
import type { TurnMoodSchema } from './schemas';

/** What appraising one message gives the panel (see TurnMoodSchema). */
export type TurnMood = z.infer<typeof TurnMoodSchema>;

/** Mood and relationship together, as the UI shows them. */
export interface MoodPair {
  mood: MoodView;
  relationship: RelationshipView;
}

/** What the mood service is built from. */
export interface MoodServiceDeps {
  /** The store over the database; opened on first use (the worker may just have woken). */
  store: () => Promise<MoodStore>;
  /** The local appraiser (lib/mood/appraiser), injected so the service runs with any. */
  appraise: (text: string) => Promise<Appraisal>;
  /** The background's one serial writer: every read-modify-write of the state goes through it. */
  writer: { run<T>(step: () => Promise<T>): Promise<T> };
  now: () => number;
  /** Tells other contexts the mood of a persona changed. */
  publish: (personaId: string) => void;
  /**
   * A persona's temperament (its record's `temperament`, else the default). It sets the
   * baseline of a mood that starts or is reset; a running mood keeps the baseline it started
   * with, so replaying its log stays exact.
   */
  temperamentFor?: (personaId: string) => Temperament | null | Promise<Temperament | null>;
  /** How long the log is kept (mood-store.ts); the product's bounds unless given. */
  logLimits?: MoodLogLimits;
}

/** The log's bounds are checked each time a persona's entry counter passes a multiple of this. */
export const PRUNE_CHECK_EVERY = 50;

type Stored = { mood: MoodState & { seq: number }; relationship: RelationshipState; entries: MoodLogEntry[] };

/**
 * The mood and relationship service of the background: the one place that changes them.
 * Every change reads the state from IndexedDB, applies the pure rules (lib/mood/) and
 * writes the state with its log entries in one transaction, through the serial writer, so
 * two messages appraised at once never overwrite each other and a stopped worker loses
 * nothing.
 */
export function createMoodService(deps: MoodServiceDeps) {
  const temperament = async (personaId: string): Promise<Temperament> =>
    (await deps.temperamentFor?.(personaId)) ?? DEFAULT_TEMPERAMENT;

  /** The stored states, or fresh ones; a damaged record starts afresh with a logged reset. */
  async function load(store: MoodStore, personaId: string, now: number): Promise<Stored> {
    const read = await store.read(personaId);
    let mood = read.mood;
    let relationship = read.relationship;
    const pending: NewLogEntry[] = [];
    if (!mood) {
      mood = { ...initialMood(personaId, await temperament(personaId), now), seq: 0 };
      if (read.damaged.includes('mood')) {
        const reset = resetMood(mood, now).entry;
        pending.push({
          ...reset,
          rule: 'the stored mood could not be read (older or damaged); started from the temperament',
        });
      }
    }
    if (!relationship) {
      relationship = initialRelationship(personaId, now);
      if (read.damaged.includes('relationship')) {
        const reset = resetRelationship(relationship, now).entry;
        pending.push({ ...reset, rule: 'the stored relationship could not be read; started anew' });
      }
    }
    const stored: Stored = { mood, relationship, entries: [] };
    for (const entry of pending) record(stored, entry);
    return stored;
  }

  /** Gives an entry its id (ordered by the persona's counter) and queues it for the write. */
  function record(stored: Stored, entry: NewLogEntry | null): void {
    if (!entry) return;
    const seq = stored.mood.seq + 1;
    stored.mood = { ...stored.mood, seq };
    stored.entries.push({ ...entry, id: logEntryId(entry.personaId, entry.at, seq) });
  }

  /** Runs one change of a persona's state through the writer, then tells the other contexts. */
  async function change(
    personaId: string,
    step: (stored: Stored, now: number, store: MoodStore) => void | Promise<void>,
  ): Promise<MoodPair> {
    const pair = await deps.writer.run(async () => {
      const store = await deps.store();
      const now = deps.now();
      const stored = await load(store, personaId, now);
      const seqBefore = stored.mood.seq;
      await step(stored, now, store);
      await store.write(stored);
      if (Math.floor(stored.mood.seq / PRUNE_CHECK_EVERY) > Math.floor(seqBefore / PRUNE_CHECK_EVERY)) {
        await store.prune(personaId, await temperament(personaId), now, deps.logLimits ?? MOOD_LOG_LIMITS);
      }
      return { mood: moodView(stored.mood, now), relationship: relationshipView(stored.relationship) };
    });
    deps.publish(personaId);
    return pair;
  }

  return {
    /**
     * Appraises a message and moves mood and relationship by it: the user's messages fully
     * (and they alone move the relationship), the companion's own replies lightly. Answers
     * the state after it, the fixed care response when the message calls for it, and the
     * recent causes for the prompt.
     */
    async appraise(input: {
      personaId: string;
      messageId: string;
      text: string;
      role: 'user' | 'assistant';
    }): Promise<TurnMood> {
      const guard = input.role === 'user' ? guardOf(input.text) : undefined;
      // The appraisal is pure computation: done before queueing, so the writer is held only for storage.
      const appraisal = await deps.appraise(input.text);
      const pair = await change(input.personaId, async (stored, now, store) => {
        // A message already appraised (its reply regenerated) does not move anything twice.
        const recent = await store.recent(input.personaId, 12);
        if (recent.some((e) => e.messageId === input.messageId && e.kind !== 'reset')) return;
        const moved = applyAppraisal(stored.mood, appraisal, {
          source: input.role === 'user' ? 'user-message' : 'own-reply',
          messageId: input.messageId,
          now,
          guard,
        });
        stored.mood = { ...moved.state, seq: stored.mood.seq };
        record(stored, moved.entry);
        if (input.role !== 'user') return;
        const grown = applyToRelationship(stored.relationship, appraisal, {
          now,
          messageId: input.messageId,
          guard,
        });
        stored.relationship = grown.state;
        record(stored, grown.entry);
      });
      const causes = await (await deps.store()).recent(input.personaId, RECENT_CAUSES * 2);
      return {
        ...pair,
        ...(guard === 'care' ? { care: CARE_RESPONSE } : {}),
        ...(guard === 'break' ? { takingBreak: true } : {}),
        causes,
        emotion: toMemoryEmotion(appraisal),
      };
    },

    /**
     * Moves the mood by an event that is not a message (a reaction to a page comment), with
     * source `page` (half weight); the relationship is left alone. An event id already in
     * the recent log moves nothing twice.
     */
    appraiseEvent(input: { personaId: string; eventId: string; appraisal: Appraisal }): Promise<MoodPair> {
      return change(input.personaId, async (stored, now, store) => {
        const recent = await store.recent(input.personaId, 12);
        if (recent.some((e) => e.messageId === input.eventId)) return;
        const moved = applyAppraisal(stored.mood, input.appraisal, {
          source: 'page',
          messageId: input.eventId,
          now,
        });
        stored.mood = { ...moved.state, seq: stored.mood.seq };
        record(stored, moved.entry);
      });
    },

    /** Mood (decayed to now) and relationship of a persona; nothing is written. */
    async get(personaId: string): Promise<MoodPair> {
      const store = await deps.store();
      const now = deps.now();
      const stored = await load(store, personaId, now);
      return { mood: moodView(stored.mood, now), relationship: relationshipView(stored.relationship) };
    },

    /** Log entries from `from` on, oldest first. */
    async history(
      personaId: string,
      options: { from?: number; limit?: number } = {},
    ): Promise<MoodLogEntry[]> {
      return (await deps.store()).history(personaId, options);
    },

    /** Back to the temperament and/or a new relationship; logged. */
    reset(personaId: string, what: 'mood' | 'relationship' | 'both'): Promise<MoodPair> {
      return change(personaId, (stored, now) => {
        if (what !== 'relationship') {
          const reset = resetMood(stored.mood, now);
          stored.mood = { ...reset.state, seq: stored.mood.seq };
          record(stored, reset.entry);
        }
        if (what !== 'mood') {
          const reset = resetRelationship(stored.relationship, now);
          stored.relationship = reset.state;
          record(stored, reset.entry);
        }
      });
    },

    /** Pauses or resumes both: while paused nothing moves them, not messages, not time. */
    pause(personaId: string, paused: boolean): Promise<MoodPair> {
      return change(personaId, (stored, now) => {
        if (stored.mood.paused === paused && stored.relationship.paused === paused) return;
        stored.mood = { ...pauseMood(stored.mood, paused, now), seq: stored.mood.seq };
        stored.relationship = { ...stored.relationship, paused, updatedAt: now };
        record(stored, pauseEntry(personaId, paused, now));
      });
    },

    /** Everything about a persona's mood and relationship as one JSON-ready object. */
    async exportAll(personaId: string) {
      const { mood, relationship } = await this.get(personaId);
      const log = await (await deps.store()).history(personaId);
      return {
        format: 'hearth-mood' as const,
        version: 1 as const,
        exportedAt: new Date(deps.now()).toISOString(),
        personaId,
        temperament: await temperament(personaId),
        mood,
        relationship,
        log,
      };
    },
  };
}

/** The mood service's interface. */
export type MoodService = ReturnType<typeof createMoodService>;

/**
 * A message's emotion on the memory axes: the appraisal's pleasure and arousal, scaled by
 * how emotional it was at all, so a neutral message stores a neutral emotion.
 */
export function toMemoryEmotion(appraisal: Appraisal): { valence: number; arousal: number } {
  const k = Math.max(0, Math.min(1, appraisal.intensity));
  const clamp = (x: number) => Math.max(-1, Math.min(1, x * k));
  return { valence: clamp(appraisal.pad.p), arousal: clamp(appraisal.pad.a) };
}
