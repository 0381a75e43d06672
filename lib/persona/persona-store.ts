import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { PersonaRecord } from '../db/records';
import { toStorageError } from '../db/errors';
import { describeZodError } from '../messaging/result';
import { defaultPersona } from './default-persona';
import { appendEvents, withOutbox } from '../events/outbox-store';
import { personaEvents } from '../events/source-events';

/** Reads and writes personas; the default persona exists from the first read on. */
export function createPersonaStore(db: IDBPDatabase<HearthDB>) {
  return {
    /** The persona with `id`, or the default one if it does not exist (created on first use). */
    async get(id: string): Promise<PersonaRecord> {
      try {
        const found = await db.get('personas', id);
        if (found) return found;
        const fallback = (await db.get('personas', defaultPersona().id)) ?? defaultPersona();
        await db.put('personas', fallback);
        return fallback;
      } catch (error) {
        throw toStorageError(error);
      }
    },

    async list(): Promise<PersonaRecord[]> {
      const all = await db.getAll('personas');
      return all.length ? all : [defaultPersona()];
    },

    /** Validates and saves; throws an Error naming the field that is wrong. */
    async save(persona: PersonaRecord): Promise<PersonaRecord> {
      const parsed = PersonaRecord.safeParse({ ...persona, updatedAt: Date.now() });
      if (!parsed.success) throw new Error(`Persona not saved: ${describeZodError(parsed.error)}`);
      try {
        const tx = db.transaction(withOutbox(db, ['personas']), 'readwrite');
        const before = await tx.objectStore('personas').get(parsed.data.id);
        await tx.objectStore('personas').put(parsed.data);
        await appendEvents(tx, personaEvents(before, parsed.data)); // the outbox (issue 10)
        await tx.done;
      } catch (error) {
        throw toStorageError(error);
      }
      return parsed.data;
    },
  };
}

/** The persona store's interface. */
export type PersonaStore = ReturnType<typeof createPersonaStore>;
