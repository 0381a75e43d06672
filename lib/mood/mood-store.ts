import type { IDBPDatabase } from 'idb';
import type { z } from 'zod';
import type { HearthDB } from '../db/schema';
import type { MoodLogEntry } from './types';
import { MoodLogEntrySchema, MoodStateSchema, RelationshipStateSchema } from './schemas';
import { replayMood, type MoodState } from './mood-state';
import { replayRelationship, type RelationshipState } from './relationship';
import type { Temperament } from './temperament';
import { appendEvents, withOutbox } from '../events/outbox-store';
import { moodWriteEvents } from '../events/mood-write-events';

/** The mood state as stored (migration 005): the state plus its log counter. */
export type MoodStateRecord = z.infer<typeof MoodStateSchema>;
/** The relationship as stored. */
export type RelationshipRecord = z.infer<typeof RelationshipStateSchema>;
/** A log entry as stored. */
export type MoodLogRecord = MoodLogEntry;

/** What one change writes: the states after it and its entries, all in one transaction. */
export interface MoodWrite {
  mood?: MoodState & { seq: number };
  relationship?: RelationshipState;
  entries?: MoodLogEntry[];
}

/** An id that sorts in write order within a persona: time, then the persona's counter. */
export function logEntryId(personaId: string, at: number, seq: number): string {
  return `${personaId}:${String(Math.max(0, Math.floor(at))).padStart(15, '0')}:${String(seq).padStart(9, '0')}`;
}

/**
 * How long the log is kept per persona. Past either bound the oldest entries are folded into
 * one checkpoint entry holding the states they led to, so replaying the log still rebuilds
 * the state exactly. Folding waits until `batch` entries are due, so the log is not
 * rewritten on every message, and the service checks every PRUNE_CHECK_EVERY entries
 * (mood-service.ts): a persona's log holds at most `maxEntries + batch + PRUNE_CHECK_EVERY`
 * entries, and entries older than `maxAgeDays` only until `batch` of them have gathered.
 */
export const MOOD_LOG_LIMITS = { maxEntries: 2000, maxAgeDays: 180, batch: 200 } as const;
/** The log's bounds (MOOD_LOG_LIMITS is the product's). */
export type MoodLogLimits = { maxEntries: number; maxAgeDays: number; batch: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Mood, relationship and log in IndexedDB. Every record is checked on the way out: one
 * written by an older or damaged build is reported as missing (the caller starts that part
 * afresh and says so in the log) rather than read as numbers that are not there.
 */
export function createMoodStore(db: IDBPDatabase<HearthDB>) {
  return {
    /** The stored states of a persona; an unreadable record comes back as `damaged`. */
    async read(personaId: string): Promise<{
      mood?: MoodState & { seq: number };
      relationship?: RelationshipState;
      damaged: string[];
    }> {
      const tx = db.transaction(['moodStates', 'relationships'], 'readonly');
      const [rawMood, rawRelationship] = await Promise.all([
        tx.objectStore('moodStates').get(personaId),
        tx.objectStore('relationships').get(personaId),
      ]);
      await tx.done;
      const damaged: string[] = [];
      const mood = rawMood === undefined ? undefined : MoodStateSchema.safeParse(rawMood);
      const relationship =
        rawRelationship === undefined ? undefined : RelationshipStateSchema.safeParse(rawRelationship);
      if (mood && !mood.success) damaged.push('mood');
      if (relationship && !relationship.success) damaged.push('relationship');
      return {
        ...(mood?.success ? { mood: mood.data } : {}),
        ...(relationship?.success ? { relationship: relationship.data } : {}),
        damaged,
      };
    },

    /** Writes states and entries together: a state is never stored without the entry that explains it. */
    async write(change: MoodWrite): Promise<void> {
      const tx = db.transaction(withOutbox(db, ['moodStates', 'relationships', 'moodLog']), 'readwrite');
      const events = await moodWriteEvents(tx, change); // read before the states are replaced
      const writes: Promise<unknown>[] = [];
      if (change.mood) writes.push(tx.objectStore('moodStates').put(MoodStateSchema.parse(change.mood)));
      if (change.relationship)
        writes.push(tx.objectStore('relationships').put(RelationshipStateSchema.parse(change.relationship)));
      for (const entry of change.entries ?? [])
        writes.push(tx.objectStore('moodLog').put(MoodLogEntrySchema.parse(entry) as MoodLogEntry));
      writes.push(appendEvents(tx, events));
      await Promise.all([...writes, tx.done]);
    },

    /** Log entries of a persona from `from` on, oldest first, at most `limit`; unreadable ones are skipped. */
    async history(
      personaId: string,
      options: { from?: number; limit?: number } = {},
    ): Promise<MoodLogEntry[]> {
      const range = IDBKeyRange.bound([personaId, options.from ?? -Infinity], [personaId, Infinity]);
      const rows = await db.getAllFromIndex('moodLog', 'byPersona', range, options.limit);
      return rows.flatMap((row) => {
        const parsed = MoodLogEntrySchema.safeParse(row);
        return parsed.success ? [parsed.data as MoodLogEntry] : [];
      });
    },

    /**
     * Bounds a persona's log (MOOD_LOG_LIMITS): folds the oldest entries, an earlier
     * checkpoint among them, into one checkpoint entry that takes the last folded entry's id
     * and time, in one transaction. The checkpoint's states are the log's replay up to there
     * (with `temperament`, as replayMood is given it), so the whole log still replays to the
     * stored state. Answers how many entries were folded (0: nothing was due).
     */
    async prune(
      personaId: string,
      temperament: Temperament,
      now: number,
      limits: MoodLogLimits = MOOD_LOG_LIMITS,
    ): Promise<number> {
      const range = IDBKeyRange.bound([personaId, -Infinity], [personaId, Infinity]);
      const tx = db.transaction('moodLog', 'readwrite');
      const index = tx.store.index('byPersona');
      const total = await index.count(range);
      const cut = now - limits.maxAgeDays * DAY_MS;
      const old = await index.count(IDBKeyRange.bound([personaId, -Infinity], [personaId, cut], false, true));
      // The checkpoint is an entry too: folding n entries shortens the log by n − 1.
      const due = Math.min(total, Math.max(total - limits.maxEntries + 1, old));
      if (due < Math.max(2, limits.batch)) {
        await tx.done;
        return 0;
      }
      const rows = await index.getAll(range, due);
      // An unreadable entry is dropped with the rest; replay skips it as history does.
      const entries = rows.flatMap((row) => {
        const parsed = MoodLogEntrySchema.safeParse(row);
        return parsed.success ? [parsed.data as MoodLogEntry] : [];
      });
      const earlier = entries.find((e) => e.kind === 'checkpoint')?.checkpoint?.folded ?? 0;
      const folded = earlier + rows.length - (entries.some((e) => e.kind === 'checkpoint') ? 1 : 0);
      const mood = replayMood(personaId, temperament, entries);
      const relationship = replayRelationship(personaId, entries);
      const last = rows.at(-1)!;
      const checkpoint: MoodLogEntry = {
        id: last.id,
        personaId,
        at: last.at,
        kind: 'checkpoint',
        cause: 'pruned',
        rule: `${folded} older entries were folded into the state they had led to`,
        after: {
          p: mood.pad.p,
          a: mood.pad.a,
          d: mood.pad.d,
          familiarity: relationship.familiarity,
          trust: relationship.trust,
          affection: relationship.affection,
        },
        delta: {},
        checkpoint: { mood, relationship, folded },
      };
      const writes: Promise<unknown>[] = rows.map((row) => tx.store.delete(row.id));
      writes.push(tx.store.put(MoodLogEntrySchema.parse(checkpoint) as MoodLogEntry));
      await Promise.all([...writes, tx.done]);
      return rows.length;
    },

    /** The newest `count` entries of a persona, oldest first. */
    async recent(personaId: string, count: number): Promise<MoodLogEntry[]> {
      const range = IDBKeyRange.bound([personaId, -Infinity], [personaId, Infinity]);
      const out: MoodLogEntry[] = [];
      let cursor = await db.transaction('moodLog').store.index('byPersona').openCursor(range, 'prev');
      while (cursor && out.length < count) {
        const parsed = MoodLogEntrySchema.safeParse(cursor.value);
        if (parsed.success) out.unshift(parsed.data as MoodLogEntry);
        cursor = await cursor.continue();
      }
      return out;
    },
  };
}

/** The mood store's interface. */
export type MoodStore = ReturnType<typeof createMoodStore>;
