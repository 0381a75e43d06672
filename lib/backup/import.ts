import { imageFromBackup } from './images';
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { HearthDB } from '../db/schema';
import { toStorageError } from '../db/errors';
import { memoryTextKey } from '../memory/records';
import type { Settings } from '../settings/schema';
import { publishChange, type Change } from '../messaging/changes';
import type { MessageRecord } from '../db/records';
import { applyImportedSettings, endpointChange, type EndpointChange } from './endpoint';
import { danglingReference, type StoredLookups } from './references';
import { renumberMessages } from './sequence';
import {
  BackupError,
  DERIVED_FIELDS,
  STORE_SECTIONS,
  STORE_SECTION_NAMES,
  UNEXPORTED_STORES,
  type BackupFile,
  type SectionCounts,
  type StoreSectionName,
  type UnexportedStore,
} from './format';

export { parseBackup, checkBackupSize, type ParseResult, type ParseOptions } from './parse';
export { keepLocalSecrets, endpointChange, type EndpointChange } from './endpoint';

/** Merge: the file's records are added, replacing those with the same id. Replace: the file's sections replace what is stored. */
export type ImportMode = 'merge' | 'replace';

/** The part of the settings store an import needs: a read-modify-write of the stored settings. */
export interface SettingsUpdater {
  update(change: (current: Settings) => Settings): Promise<unknown>;
}

/** How to import. */
export interface ImportOptions {
  mode: ImportMode;
  /** Writes the imported settings; without it a settings section is left out. */
  settings?: SettingsUpdater;
  /**
   * The user confirmed that the file's settings may change where conversations are sent
   * (engine, server address). Without it the imported settings keep the current engine.
   */
  allowEndpointChange?: boolean;
  /** Derived stores (UNEXPORTED_STORES unless a test says otherwise). */
  unexportedStores?: Readonly<Record<string, UnexportedStore>>;
}

/** What an import did. */
export interface ImportResult {
  /** Records written per section (settings: 1 when they were saved). */
  counts: SectionCounts;
  /** Stores emptied first (replace mode), including dependent and derived ones. */
  cleared: string[];
  /** Set when the records were imported but the settings could not be saved. */
  settingsError?: string;
  /** The file's settings would have changed where conversations go: to where, and whether it was applied. */
  endpoint?: EndpointChange & { applied: boolean };
}

type AnyStore = StoreNames<HearthDB>;
type Tx = IDBPTransaction<HearthDB, AnyStore[], 'readwrite'>;

/** The stores an import empties first: replaced sections, their dependents, and data derived from them. */
function storesToClear(
  db: IDBPDatabase<HearthDB>,
  present: readonly StoreSectionName[],
  mode: ImportMode,
  unexported: Readonly<Record<string, UnexportedStore>>,
): string[] {
  if (mode !== 'replace') return [];
  const cleared = new Set<string>();
  for (const name of present) {
    const section = STORE_SECTIONS[name];
    cleared.add(section.store);
    for (const dependent of 'dependents' in section ? section.dependents : []) cleared.add(dependent);
  }
  for (const [store, info] of Object.entries(unexported)) {
    if (
      info.rebuiltFrom &&
      present.includes(info.rebuiltFrom) &&
      db.objectStoreNames.contains(store as AnyStore)
    ) {
      cleared.add(store);
    }
  }
  return [...cleared];
}

function scopeOf(present: readonly StoreSectionName[], cleared: readonly string[]): AnyStore[] {
  const scope = new Set<string>([...present.map((name) => STORE_SECTIONS[name].store), ...cleared]);
  if (present.includes('messages')) scope.add('conversations');
  if (present.includes('memories')) scope.add('conversations').add('messages');
  return [...scope] as AnyStore[];
}

/**
 * Checks a parsed backup against the database without writing: null when it can be
 * imported in `mode`, else the named problem. importBackup runs the same check itself.
 */
export async function checkBackup(
  db: IDBPDatabase<HearthDB>,
  backup: BackupFile,
  mode: ImportMode,
): Promise<string | null> {
  if (!backup.sections.messages?.length && !backup.sections.memories?.length) return null;
  const cleared = storesToClear(
    db,
    STORE_SECTION_NAMES.filter((n) => backup.sections[n]),
    mode,
    {},
  );
  try {
    const tx = db.transaction(['conversations', 'messages'], 'readonly');
    const problem = await danglingReference(backup, lookups(tx, cleared));
    await tx.done;
    return problem;
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Key lookups in the import's transaction; a store being cleared has nothing that counts. */
function lookups(
  tx: IDBPTransaction<HearthDB, AnyStore[], 'readonly' | 'readwrite'>,
  cleared: readonly string[],
): StoredLookups {
  const keys = (store: 'conversations' | 'messages') =>
    cleared.includes(store) || !tx.objectStoreNames.contains(store)
      ? null
      : (ids: string[]) => Promise.all(ids.map((id) => tx.objectStore(store).getKey(id)));
  return { conversations: keys('conversations'), messages: keys('messages') };
}

/** The messages to write: the file's, renumbered together with those stored in the same conversations. */
async function sequencedMessages(tx: Tx, backup: BackupFile, cleared: readonly string[]) {
  const incoming = backup.sections.messages ?? [];
  if (incoming.length === 0) return [];
  const stored: MessageRecord[] = [];
  if (!cleared.includes('messages')) {
    const index = tx.objectStore('messages').index('byConversation');
    for (const id of new Set(incoming.map((m) => m.conversationId))) {
      stored.push(...(await index.getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity]))));
    }
  }
  return renumberMessages(incoming, stored);
}

/** A record as it is written: derived fields dropped, a memory's text key computed afresh. */
function prepare(name: StoreSectionName, record: Record<string, unknown>): Record<string, unknown> {
  if (name === 'images') return imageFromBackup(record);
  const fields = DERIVED_FIELDS[name];
  if (!fields && name !== 'memories') return record;
  const copy = { ...record };
  for (const field of fields ?? []) delete copy[field];
  if (name === 'memories') copy.textKey = memoryTextKey(String(copy.text));
  return copy;
}

/**
 * Writes a parsed backup. Every store it touches is written in ONE readwrite transaction:
 * a dangling reference, a full disk or any failing write aborts it and nothing changes.
 * Settings live in extension storage, so they are written only after that transaction
 * committed. Other contexts are told what changed.
 */
export async function importBackup(
  db: IDBPDatabase<HearthDB>,
  backup: BackupFile,
  options: ImportOptions,
): Promise<ImportResult> {
  const present = STORE_SECTION_NAMES.filter((name) => backup.sections[name] !== undefined);
  const cleared = storesToClear(db, present, options.mode, options.unexportedStores ?? UNEXPORTED_STORES);
  const counts: SectionCounts = {};

  if (present.length > 0) {
    const tx: Tx = db.transaction(scopeOf(present, cleared), 'readwrite');
    const pending: Promise<unknown>[] = [];
    try {
      const problem = await danglingReference(backup, lookups(tx, cleared));
      if (problem) throw new BackupError(`${problem} Nothing was imported.`);
      const messages = await sequencedMessages(tx, backup, cleared);
      for (const store of cleared) pending.push(tx.objectStore(store as AnyStore).clear());
      for (const name of present) {
        const store = tx.objectStore(STORE_SECTIONS[name].store) as unknown as {
          put(value: unknown): Promise<unknown>;
        };
        const records = name === 'messages' ? messages : (backup.sections[name] ?? []);
        for (const record of records)
          pending.push(store.put(prepare(name, record as Record<string, unknown>)));
        counts[name] = backup.sections[name]?.length ?? 0;
      }
      await Promise.all([...pending, tx.done]);
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already aborted by the failed request.
      }
      await Promise.allSettled([...pending, tx.done]);
      throw error instanceof BackupError ? error : toStorageError(error);
    }
  }

  const result: ImportResult = { counts, cleared };
  if (backup.sections.settings && options.settings) {
    const imported = backup.sections.settings.value;
    try {
      await options.settings.update((current) => {
        const change = endpointChange(imported, current);
        const applied = options.allowEndpointChange === true;
        if (change) result.endpoint = { ...change, applied };
        return applyImportedSettings(imported, current, applied);
      });
      counts.settings = 1;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      result.settingsError = `Everything else was imported, but the settings could not be saved (${detail}).`;
    }
  }

  const topics = new Set<Change['topic']>();
  for (const name of STORE_SECTION_NAMES) {
    if (present.includes(name) || cleared.includes(STORE_SECTIONS[name].store))
      topics.add(STORE_SECTIONS[name].topic);
  }
  if (counts.settings) topics.add('settings');
  for (const topic of topics) publishChange({ topic });
  return result;
}
