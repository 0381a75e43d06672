import type { IDBPDatabase } from 'idb';
import type { HearthDB, StoreName } from '../db/schema';
import { PersonaAssetRecord, PersonaRecord, type PersonaAssetKind, type PersonaInput } from '../db/records';
import { toStorageError } from '../db/errors';
import { describeZodError } from '../messaging/result';
import { VECTOR_BLOCKS_STORE, deleteVectorsIn, type WriteStore } from '../memory/vector/vector-store';
import { defaultPersona } from './default-persona';
import { appendEvents, withOutbox } from '../events/outbox-store';
import { memoriesForgotten, personaEvents } from '../events/source-events';

/*
 * The persona repository: personas and their assets in IndexedDB. Every write is one
 * transaction (a persona with its assets, a deletion with everything that goes with it), so
 * an outbox write can join it and nothing is ever half written.
 */

/** What deleting a persona removed. */
export interface PersonaDeletion {
  conversations: number;
  messages: number;
  memories: number;
  assets: number;
}

/** How much of the database belongs to a persona. */
export interface PersonaUsage {
  conversations: number;
  /** Memories it owns (its episodes, what it said, facts it keeps to itself); shared facts are not counted. */
  memories: number;
  assets: number;
}

const personaRange = (id: string) => IDBKeyRange.bound([id, -Infinity], [id, Infinity]);

/** A stored persona read in today's shape; a record of an older shape gets the new fields' defaults. */
function readPersona(raw: unknown): PersonaRecord | undefined {
  const parsed = PersonaRecord.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn('Hearth: a stored persona could not be read', describeZodError(parsed.error));
  return undefined;
}

/** Validates a persona, naming the wrong field. */
export function checkPersona(persona: PersonaInput, verb = 'saved'): PersonaRecord {
  const parsed = PersonaRecord.safeParse(persona);
  if (!parsed.success) throw new Error(`Persona not ${verb}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // A refusal in words (PersonaInUseError, a validation) is not a storage failure.
    if (error instanceof PersonaInUseError) throw error;
    throw toStorageError(error);
  }
}

/** Reads and writes personas and their assets; the default persona exists from the first read on. */
export function createPersonaStore(db: IDBPDatabase<HearthDB>) {
  async function all(): Promise<PersonaRecord[]> {
    const rows = await guard(() => db.getAll('personas'));
    return rows.map(readPersona).filter((p): p is PersonaRecord => p !== undefined);
  }

  return {
    /**
     * The persona with `id`; if it does not exist (deleted, or a stale setting), the first
     * persona there is, or the default one, created on first use.
     */
    async get(id: string): Promise<PersonaRecord> {
      const found = await this.find(id);
      if (found) return found;
      const first = (await all()).sort((a, b) => a.createdAt - b.createdAt)[0];
      if (first) return first;
      const fallback = defaultPersona();
      await guard(() => db.put('personas', fallback));
      return fallback;
    },

    /** The persona with `id`, or undefined. */
    async find(id: string): Promise<PersonaRecord | undefined> {
      const raw = await guard(() => db.get('personas', id));
      return raw === undefined ? undefined : readPersona(raw);
    },

    /** Every persona, oldest first; the default one when there are none yet. */
    async list(): Promise<PersonaRecord[]> {
      const found = await all();
      return found.length ? found.sort((a, b) => a.createdAt - b.createdAt) : [defaultPersona()];
    },

    /** Validates and saves (updatedAt now); throws an Error naming the field that is wrong. */
    async save(persona: PersonaInput): Promise<PersonaRecord> {
      const checked = checkPersona({ ...persona, updatedAt: Date.now() });
      await guard(async () => {
        const tx = db.transaction(withOutbox(db, ['personas']), 'readwrite');
        const before = readPersona(await tx.objectStore('personas').get(checked.id));
        await tx.objectStore('personas').put(checked);
        await appendEvents(tx, personaEvents(before, checked)); // the outbox (issue 10)
        await tx.done;
      });
      return checked;
    },

    /** Saves a persona and adds assets with it, in one transaction. */
    async saveWithAssets(persona: PersonaRecord, assets: readonly PersonaAssetRecord[]): Promise<void> {
      const checkedAssets = assets.map((a) => PersonaAssetRecord.parse(a));
      await guard(async () => {
        const tx = db.transaction(withOutbox(db, ['personas', 'personaAssets']), 'readwrite');
        const before = readPersona(await tx.objectStore('personas').get(persona.id));
        await tx.objectStore('personas').put(persona);
        for (const asset of checkedAssets) await tx.objectStore('personaAssets').put(asset);
        await appendEvents(tx, personaEvents(before, persona));
        await tx.done;
      });
    },

    /** A persona's assets, oldest first (of one kind when given). */
    async assets(personaId: string, kind?: PersonaAssetKind): Promise<PersonaAssetRecord[]> {
      const rows = await guard(() =>
        db.getAllFromIndex('personaAssets', 'byPersona', personaRange(personaId)),
      );
      return kind ? rows.filter((r) => r.kind === kind) : rows;
    },

    /** Adds or replaces one asset (validated: kind, size). */
    async putAsset(asset: PersonaAssetRecord): Promise<PersonaAssetRecord> {
      const parsed = PersonaAssetRecord.safeParse(asset);
      if (!parsed.success) throw new Error(`Image not saved: ${describeZodError(parsed.error)}`);
      await guard(() => db.put('personaAssets', parsed.data));
      return parsed.data;
    },

    async deleteAsset(id: string): Promise<void> {
      await guard(() => db.delete('personaAssets', id));
    },

    async usage(id: string): Promise<PersonaUsage> {
      return guard(async () => {
        const tx = db.transaction(['conversations', 'memories', 'personaAssets'], 'readonly');
        const conversations = (await tx.objectStore('conversations').getAll()).filter(
          (c) => c.personaId === id,
        );
        const memories = await tx.objectStore('memories').index('byPersona').count(personaRange(id));
        const assets = await tx.objectStore('personaAssets').index('byPersona').count(personaRange(id));
        await tx.done;
        return { conversations: conversations.length, memories, assets };
      });
    },

    /**
     * Deletes a persona in one transaction with its assets, its mood and relationship, the
     * memories it owns (and their vectors) and, when `withConversations`, its conversations
     * and their messages. Without it, a persona that has conversations is refused.
     */
    async deleteCascade(id: string, withConversations: boolean): Promise<PersonaDeletion> {
      const stores: StoreName[] = ['personas', 'personaAssets', 'conversations', 'messages', 'memories'];
      for (const name of ['moodStates', 'relationships', 'moodLog', VECTOR_BLOCKS_STORE] as const)
        if (db.objectStoreNames.contains(name)) stores.push(name);
      return guard(async () => {
        const tx = db.transaction(withOutbox(db, stores), 'readwrite');
        const done: PersonaDeletion = { conversations: 0, messages: 0, memories: 0, assets: 0 };
        const conversations = (await tx.objectStore('conversations').getAll()).filter(
          (c) => c.personaId === id,
        );
        if (conversations.length && !withConversations) {
          tx.done.catch(() => {});
          tx.abort();
          throw new PersonaInUseError(conversations.length);
        }
        const messages = tx.objectStore('messages').index('byConversation');
        for (const c of conversations) {
          const range = IDBKeyRange.bound([c.id, -Infinity], [c.id, Infinity]);
          for (let cur = await messages.openCursor(range); cur; cur = await cur.continue()) {
            await cur.delete();
            done.messages++;
          }
          await tx.objectStore('conversations').delete(c.id);
          done.conversations++;
        }
        const memoryIds = await tx.objectStore('memories').index('byPersona').getAllKeys(personaRange(id));
        for (const key of memoryIds) await tx.objectStore('memories').delete(key);
        done.memories = memoryIds.length;
        await appendEvents(tx, memoriesForgotten(memoryIds, Date.now()));
        if (stores.includes(VECTOR_BLOCKS_STORE)) {
          const vectors = tx.objectStore(VECTOR_BLOCKS_STORE as 'vectorBlocks');
          await deleteVectorsIn(vectors as unknown as WriteStore, memoryIds);
        }
        const assetIds = await tx
          .objectStore('personaAssets')
          .index('byPersona')
          .getAllKeys(personaRange(id));
        for (const key of assetIds) await tx.objectStore('personaAssets').delete(key);
        done.assets = assetIds.length;
        if (stores.includes('moodStates')) {
          await tx.objectStore('moodStates').delete(id);
          await tx.objectStore('relationships').delete(id);
          const log = tx.objectStore('moodLog').index('byPersona');
          for (let cur = await log.openCursor(personaRange(id)); cur; cur = await cur.continue())
            await cur.delete();
        }
        await tx.objectStore('personas').delete(id);
        await tx.done;
        return done;
      });
    },
  };
}

/** Deleting a persona that still has conversations, without saying they go too. */
export class PersonaInUseError extends Error {
  override readonly name = 'PersonaInUseError';
  constructor(readonly conversations: number) {
    super(
      `This persona has ${conversations} conversation${conversations === 1 ? '' : 's'}. Delete ${conversations === 1 ? 'it' : 'them'} with the persona, or keep the persona.`,
    );
  }
}

/** The persona store's interface. */
export type PersonaStore = ReturnType<typeof createPersonaStore>;
