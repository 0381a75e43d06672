import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { HearthDB } from '../db/schema';
import { toStorageError } from '../db/errors';
import { memoryTextKey } from '../memory/records';
import type { Settings } from '../settings/schema';
import { publishChange, type Change } from '../messaging/changes';
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

/** Merge: the file's records are added, replacing those with the same id. Replace: the file's sections replace what is stored. */
export type ImportMode = 'merge' | 'replace';

/** How to import. */
export interface ImportOptions {
  mode: ImportMode;
  /** Writes the imported settings; without it a settings section is left out. */
  saveSettings?: (settings: Settings) => Promise<unknown>;
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

/**
 * The first message whose conversation is neither in the file nor in the database (looked up
 * with `storedKeys`, null when the stored ones are being replaced), as a named error.
 */
async function danglingReference(
  backup: BackupFile,
  storedKeys: ((ids: string[]) => Promise<unknown[]>) | null,
): Promise<string | null> {
  const messages = backup.sections.messages ?? [];
  const inFile = new Set((backup.sections.conversations ?? []).map((c) => c.id));
  const firstUse = new Map<string, number>();
  messages.forEach((m, i) => {
    if (!inFile.has(m.conversationId) && !firstUse.has(m.conversationId)) firstUse.set(m.conversationId, i);
  });
  if (firstUse.size === 0) return null;
  const ids = [...firstUse.keys()];
  const stored = storedKeys ? await storedKeys(ids) : ids.map(() => undefined);
  const missing = ids.filter((_, i) => stored[i] === undefined);
  if (missing.length === 0) return null;
  const id = missing[0]!;
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more missing conversations)` : '';
  return `messages[${firstUse.get(id)}].conversationId: conversation "${id}" is neither in the file nor in Hearth${more}.`;
}

function scopeOf(present: readonly StoreSectionName[], cleared: readonly string[]): AnyStore[] {
  const scope = new Set<string>([...present.map((name) => STORE_SECTIONS[name].store), ...cleared]);
  if (present.includes('messages')) scope.add('conversations');
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
  if (!backup.sections.messages?.length) return null;
  const replacingConversations = mode === 'replace' && backup.sections.conversations !== undefined;
  try {
    const tx = db.transaction('conversations', 'readonly');
    const problem = await danglingReference(
      backup,
      replacingConversations ? null : (ids) => Promise.all(ids.map((id) => tx.store.getKey(id))),
    );
    await tx.done;
    return problem;
  } catch (error) {
    throw toStorageError(error);
  }
}

/** A record as it is written: derived fields dropped, a memory's text key computed afresh. */
function prepare(name: StoreSectionName, record: Record<string, unknown>): Record<string, unknown> {
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
      const problem = await danglingReference(
        backup,
        cleared.includes('conversations')
          ? null
          : (ids) => Promise.all(ids.map((id) => tx.objectStore('conversations').getKey(id))),
      );
      if (problem) throw new BackupError(`${problem} Nothing was imported.`);
      for (const store of cleared) pending.push(tx.objectStore(store as AnyStore).clear());
      for (const name of present) {
        const store = tx.objectStore(STORE_SECTIONS[name].store) as unknown as {
          put(value: unknown): Promise<unknown>;
        };
        const records = backup.sections[name] ?? [];
        for (const record of records)
          pending.push(store.put(prepare(name, record as Record<string, unknown>)));
        counts[name] = records.length;
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
  if (backup.sections.settings && options.saveSettings) {
    try {
      await options.saveSettings(backup.sections.settings.value);
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

/**
 * Imported settings with this browser's endpoint key kept: files carry no key (see
 * redactSettings), and the local one is kept only for the same endpoint address, so a key
 * is never sent to a server it was not typed for.
 */
export function keepLocalSecrets(imported: Settings, current: Settings): Settings {
  const openai = imported.engine.openai;
  if (openai.apiKey || openai.baseUrl !== current.engine.openai.baseUrl) return imported;
  return {
    ...imported,
    engine: { ...imported.engine, openai: { ...openai, apiKey: current.engine.openai.apiKey } },
  };
}
