import { imagesForBackup } from './images';
import type { ImageRecord } from '../images/image-store';
import type { IDBPDatabase } from 'idb';
import { browser } from 'wxt/browser';
import type { HearthDB } from '../db/schema';
import { toStorageError } from '../db/errors';
import { Settings } from '../settings/schema';
import type { ConversationRecord, MessageRecord } from '../db/records';
import type { MemoryRecord } from '../memory/records';
import { SETTINGS_VERSION } from '../settings/migrations';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  BackupFile,
  DERIVED_FIELDS,
  SECTION_NAMES,
  STORE_SECTIONS,
  STORE_SECTION_NAMES,
  describeIssue,
  type SectionName,
} from './format';

/** What to export. */
export interface ExportOptions {
  /** The sections to include; all of them when absent. `['memories']` is "export memories". */
  sections?: readonly SectionName[];
  /** Reads the current settings; without it the backup has no settings section. */
  settings?: () => Promise<unknown>;
  /** Hearth's version, recorded in the file; the manifest's when absent. */
  appVersion?: string;
  now?: () => Date;
}

function manifestVersion(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return 'unknown';
  }
}

/**
 * Settings as they go into a file: the key of the user's own endpoint is left out, because
 * backup files get mailed and synced; importing keeps the key already in this browser.
 */
export function redactSettings(settings: Settings): Settings {
  return { ...settings, engine: { ...settings.engine, openai: { ...settings.engine.openai, apiKey: '' } } };
}

function withoutDerived(name: string, records: readonly unknown[]): unknown[] {
  const fields = DERIVED_FIELDS[name as keyof typeof DERIVED_FIELDS];
  if (!fields) return [...records];
  return records.map((record) => {
    const copy = { ...(record as Record<string, unknown>) };
    for (const field of fields) delete copy[field];
    return copy;
  });
}

/**
 * Memories as a full backup carries them: a citation of a message that no longer exists is
 * left out. Replies regenerated before retraction existed left memories citing the replaced
 * message in a conversation that still exists, and an import refuses such a citation as
 * dangling (references.ts); the id points at nothing, so nothing is lost. A memory left
 * citing nothing keeps its citations and loses its conversation instead, reading as a
 * memory from a conversation no longer here, which import accepts as it is.
 */
export function withoutDanglingCitations(
  memories: readonly MemoryRecord[],
  conversations: readonly ConversationRecord[],
  messages: readonly MessageRecord[],
): MemoryRecord[] {
  const liveConversations = new Set(conversations.map((c) => c.id));
  const liveMessages = new Set(messages.map((m) => m.id));
  return memories.map((memory) => {
    if (memory.provenance.type !== 'messages' || !memory.conversationId) return memory;
    if (!liveConversations.has(memory.conversationId)) return memory;
    const kept = memory.provenance.messageIds.filter((id) => liveMessages.has(id));
    if (kept.length === memory.provenance.messageIds.length) return memory;
    if (kept.length > 0) return { ...memory, provenance: { type: 'messages', messageIds: kept } };
    const { conversationId: _gone, ...rest } = memory;
    return rest;
  });
}

/**
 * Reads the chosen sections into a backup. Every store is read in one readonly
 * transaction, so the file is a consistent snapshot even while the panel keeps writing.
 * The result is validated like an import would: a damaged stored record stops the export
 * with its name, rather than producing a file that could not be imported again.
 */
export async function exportBackup(
  db: IDBPDatabase<HearthDB>,
  options: ExportOptions = {},
): Promise<BackupFile> {
  const wanted = new Set(options.sections ?? SECTION_NAMES);
  const sections: Record<string, unknown> = {};

  // Settings first: an await on anything but IndexedDB inside the transaction would end it.
  if (wanted.has('settings') && options.settings) {
    const parsed = Settings.safeParse(await options.settings());
    if (!parsed.success) {
      throw new BackupError(
        `The current settings could not be exported (${describeIssue(parsed.error, ['settings'])}).`,
      );
    }
    sections.settings = { version: SETTINGS_VERSION, value: redactSettings(parsed.data) };
  }

  const names = STORE_SECTION_NAMES.filter((name) => wanted.has(name));
  if (names.length > 0) {
    try {
      const tx = db.transaction(
        names.map((name) => STORE_SECTIONS[name].store),
        'readonly',
      );
      const all = await Promise.all(names.map((name) => tx.objectStore(STORE_SECTIONS[name].store).getAll()));
      await tx.done;
      names.forEach((name, i) => (sections[name] = withoutDerived(name, all[i] ?? [])));
      // Blobs become base64 after the transaction (their bytes are read asynchronously).
      if (sections.images)
        sections.images = (await imagesForBackup(sections.images as ImageRecord[])).records;
      if (sections.memories && sections.messages && sections.conversations) {
        sections.memories = withoutDanglingCitations(
          sections.memories as MemoryRecord[],
          sections.conversations as ConversationRecord[],
          sections.messages as MessageRecord[],
        );
      }
    } catch (error) {
      throw toStorageError(error);
    }
  }

  const backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    app: { version: options.appVersion ?? manifestVersion() },
    sections,
  };
  const parsed = BackupFile.safeParse(backup);
  if (!parsed.success) {
    throw new BackupError(
      `A record in Hearth's storage is damaged, so the export was stopped (${describeIssue(parsed.error)}). Nothing was written.`,
    );
  }
  return parsed.data;
}

/**
 * The backup as JSON text in pieces: the header pretty-printed, then one record per line,
 * so the file is readable and diffable without doubling its size, and a large backup is
 * never held as one giant string.
 */
export function serializeBackup(backup: BackupFile): string[] {
  const parts = [
    '{\n',
    `  "format": ${JSON.stringify(backup.format)},\n`,
    `  "version": ${JSON.stringify(backup.version)},\n`,
    `  "exportedAt": ${JSON.stringify(backup.exportedAt)},\n`,
    `  "app": ${JSON.stringify(backup.app)},\n`,
    '  "sections": {',
  ];
  const entries = Object.entries(backup.sections).filter(([, value]) => value !== undefined);
  entries.forEach(([name, value], index) => {
    parts.push(index ? ',\n' : '\n', `    ${JSON.stringify(name)}: `);
    if (Array.isArray(value) && value.length > 0) {
      value.forEach((record, j) => parts.push(j ? ',\n      ' : '[\n      ', JSON.stringify(record)));
      parts.push('\n    ]');
    } else {
      parts.push(JSON.stringify(value));
    }
  });
  parts.push(entries.length ? '\n  }\n}\n' : '}\n}\n');
  return parts;
}

/** The backup as a downloadable JSON file. */
export function backupToBlob(backup: BackupFile): Blob {
  return new Blob(serializeBackup(backup), { type: 'application/json' });
}

/** `hearth-backup-2025-03-14.json` (or `hearth-memories-…` for a memories-only export), by local date. */
export function backupFilename(
  date: Date = new Date(),
  scope: 'everything' | 'memories' = 'everything',
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `hearth-${scope === 'memories' ? 'memories' : 'backup'}-${day}.json`;
}
