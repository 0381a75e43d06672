import type { IDBPTransaction } from 'idb';
import type { HearthDB } from '../db/schema';
import type { MoodWrite } from '../mood/mood-store';
import type { EventInput, EventType } from './event-types';
import { moodEvents } from './source-events';
import { FEELINGS, type Feeling } from '../mood/types';
import { RelationshipStateSchema } from '../mood/schemas';

/**
 * The events of one mood-store write, read inside its transaction: the stored feeling and
 * relationship before the write against what it writes. Reading them in the same transaction
 * means two writes can never both report the same change.
 */
export async function moodWriteEvents(
  tx: IDBPTransaction<HearthDB, ('moodStates' | 'relationships' | 'moodLog' | 'outbox')[], 'readwrite'>,
  change: MoodWrite,
): Promise<EventInput<EventType>[]> {
  const personaId = change.mood?.personaId ?? change.relationship?.personaId;
  if (!personaId) return [];
  const [mood, relationship] = await Promise.all([
    change.mood ? tx.objectStore('moodStates').get(personaId) : undefined,
    change.relationship ? tx.objectStore('relationships').get(personaId) : undefined,
  ]);
  const at = Math.max(change.mood?.updatedAt ?? 0, change.relationship?.updatedAt ?? 0);
  // A damaged stored record (reported by the store's read) has no "before" to compare with.
  const feeling = FEELINGS.includes(mood?.feeling as Feeling) ? mood?.feeling : undefined;
  const before = RelationshipStateSchema.safeParse(relationship);
  return moodEvents({
    personaId,
    before: { feeling, relationship: before.success ? before.data : undefined },
    after: { feeling: change.mood?.feeling, relationship: change.relationship },
    entries: change.entries ?? [],
    at,
  });
}
