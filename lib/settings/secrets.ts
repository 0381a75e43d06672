import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { getDb } from '../db/open';
import { toStorageError } from '../db/errors';
import { SecretRecord } from '../db/records';

/** The secrets Hearth keeps. */
export type SecretName = 'openai.apiKey';

/**
 * Where secrets live: the extension origin's IndexedDB (store `secrets`, migration 004).
 * storage.local is readable from a content script's world, which shares a process with the
 * page; this database is not (a content script's IndexedDB is the page's own).
 */
export interface SecretStore {
  /** The secret, or '' when none is kept (or the stored record is damaged). */
  get(name: SecretName): Promise<string>;
  /** Keeps the secret; '' removes it. */
  set(name: SecretName, value: string): Promise<void>;
}

/** A secret store over Hearth's database (the shared connection unless a test gives one). */
export function createSecretStore(
  openDb: () => Promise<IDBPDatabase<HearthDB>> = getDb,
  now: () => number = Date.now,
): SecretStore {
  return {
    async get(name) {
      try {
        const parsed = SecretRecord.safeParse(await (await openDb()).get('secrets', name));
        return parsed.success ? parsed.data.value : '';
      } catch (error) {
        throw toStorageError(error);
      }
    },
    async set(name, value) {
      try {
        const db = await openDb();
        if (value === '') await db.delete('secrets', name);
        else await db.put('secrets', SecretRecord.parse({ name, value, updatedAt: now() }));
      } catch (error) {
        throw toStorageError(error);
      }
    },
  };
}
