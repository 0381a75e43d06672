import type { IDBPDatabase, StoreNames } from 'idb';
import type { HearthDB } from '../db/schema';
import { toStorageError } from '../db/errors';
import { publishChange, type Change } from '../messaging/changes';

/** The word the user types to confirm wiping everything. */
export const WIPE_CONFIRMATION = 'DELETE';

/** Whether what the user typed confirms the wipe (surrounding spaces and case do not matter). */
export function isWipeConfirmed(typed: string): boolean {
  return typed.trim().toUpperCase() === WIPE_CONFIRMATION;
}

/** The part of a storage area a wipe needs (storage.local and storage.session in the extension). */
export interface WipeableArea {
  get(keys?: null): Promise<Record<string, unknown>>;
  remove(keys: string[]): Promise<void>;
}

/** What a wipe removed: records per store, and the storage keys per area. */
export interface WipeReport {
  stores: Record<string, number>;
  storage: { local: string[]; session: string[] };
}

const ALL_TOPICS: Change['topic'][] = [
  'conversations',
  'messages',
  'personas',
  'memories',
  'settings',
  'page',
];

function storeNames(db: IDBPDatabase<HearthDB>): StoreNames<HearthDB>[] {
  return [...db.objectStoreNames] as StoreNames<HearthDB>[];
}

/** How many records each store of the database holds: what a wipe would remove. */
export async function countStores(db: IDBPDatabase<HearthDB>): Promise<Record<string, number>> {
  const names = storeNames(db);
  if (names.length === 0) return {};
  try {
    const tx = db.transaction(names, 'readonly');
    const counts = await Promise.all(names.map((name) => tx.objectStore(name).count()));
    await tx.done;
    return Object.fromEntries(names.map((name, i) => [name, counts[i] ?? 0]));
  } catch (error) {
    throw toStorageError(error);
  }
}

/**
 * Removes everything Hearth stores: every store of the database, derived ones included
 * (every store the database has, not a list that could miss a new one), in one
 * transaction, then every key of the extension's own storage areas, settings included.
 * Downloaded models (Cache Storage) are not user data and are left alone.
 */
export async function wipeAll(
  db: IDBPDatabase<HearthDB>,
  options: { storage: { local: WipeableArea; session?: WipeableArea } },
): Promise<WipeReport> {
  const names = storeNames(db);
  const stores: Record<string, number> = {};
  if (names.length > 0) {
    try {
      const tx = db.transaction(names, 'readwrite');
      const counts = await Promise.all(names.map((name) => tx.objectStore(name).count()));
      await Promise.all([...names.map((name) => tx.objectStore(name).clear()), tx.done]);
      names.forEach((name, i) => (stores[name] = counts[i] ?? 0));
    } catch (error) {
      throw toStorageError(error);
    }
  }

  const clearArea = async (area: WipeableArea | undefined): Promise<string[]> => {
    if (!area) return [];
    const keys = Object.keys(await area.get(null));
    if (keys.length > 0) await area.remove(keys);
    return keys;
  };
  const storage = {
    local: await clearArea(options.storage.local),
    session: await clearArea(options.storage.session),
  };

  for (const topic of ALL_TOPICS) publishChange({ topic });
  // One notice that everything is gone: an open panel resets itself (and stops writing into
  // the emptied database) rather than refreshing piece by piece.
  publishChange({ topic: 'wipe' });
  return { stores, storage };
}
