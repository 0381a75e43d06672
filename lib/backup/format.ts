import { ImageBackupRecord } from './images';
import { z } from 'zod';
import type { StoreNames } from 'idb';
import type { HearthDB } from '../db/schema';
import { ConversationRecord, MessageRecord, PersonaRecord } from '../db/records';
import { MemoryRecord } from '../memory/records';
import { Settings } from '../settings/schema';
import { SETTINGS_VERSION } from '../settings/migrations';
import type { Change } from '../messaging/changes';

/** The marker every Hearth backup file carries in its `format` field. */
export const BACKUP_FORMAT = 'hearth-backup';

/**
 * The backup version this build writes. Bump it (and add an upgrade below) only when the
 * shape of an existing section changes; a new section is additive and needs no bump,
 * because an older Hearth skips sections it does not know and says so.
 */
export const BACKUP_VERSION = 1;

/** Files larger than this are refused before they are read into memory. */
export const MAX_BACKUP_BYTES = 200 * 1024 * 1024;

/** Most entries one section may hold. */
export const MAX_SECTION_ENTRIES = 500_000;

/** One IndexedDB store carried in backups: its records' schema and the change topic it belongs to. */
export interface StoreSection {
  store: StoreNames<HearthDB>;
  record: z.ZodType;
  topic: Change['topic'];
  /** Replacing this section also empties these stores (a message without its conversation is unreachable). */
  dependents?: readonly StoreNames<HearthDB>[];
}

/**
 * The stores a backup carries, in the order they are written. A store added later is one
 * line here (exported) or in UNEXPORTED_STORES (not exported); format.test.ts fails until
 * every store of the database is in one of the two.
 */
export const STORE_SECTIONS = {
  personas: { store: 'personas', record: PersonaRecord, topic: 'personas' },
  conversations: {
    store: 'conversations',
    record: ConversationRecord,
    topic: 'conversations',
    dependents: ['messages'],
  },
  messages: { store: 'messages', record: MessageRecord, topic: 'messages' },
  memories: { store: 'memories', record: MemoryRecord, topic: 'memories' },
  // Pictures as base64, within MAX_BACKUP_IMAGE_BYTES (lib/backup/images.ts).
  images: { store: 'images', record: ImageBackupRecord, topic: 'messages' },
} as const satisfies Record<string, StoreSection>;

/** A store that is not exported, and the section it is derived from (cleared when that section is replaced). */
export interface UnexportedStore {
  why: string;
  rebuiltFrom?: StoreSectionName;
}

/**
 * Stores whose content is derived and rebuilt after an import, so never exported (e.g.
 * `vectorBlocks: { why: 'vectors are re-embedded from memory texts', rebuiltFrom: 'memories' }`).
 */
export const UNEXPORTED_STORES: Readonly<Record<string, UnexportedStore>> = {
  vectorBlocks: { why: 'vectors are re-embedded from memory texts', rebuiltFrom: 'memories' },
  secrets: { why: 'secrets such as the endpoint’s API key never leave this browser' },
  // Mood and relationship have their own export (the options page's Mood & relationship
  // section, message mood/export); a restored backup starts them fresh, never half-replayed.
  moodStates: { why: 'mood is exported on its own (mood/export) and starts fresh after an import' },
  relationships: { why: 'the relationship is exported on its own (mood/export)' },
  moodLog: { why: 'the mood log is exported on its own (mood/export)' },
  // Events are about changes in this browser; a restored backup is not a stream of new changes.
  outbox: { why: 'events describe changes made in this browser; delivery state is not data' },
  webhookEndpoints: { why: 'webhook endpoints hold signing secrets, which never leave this browser' },
  deliveries: { why: 'delivery attempts and dead letters belong to this browser’s outbox' },
  // Binary images and card files: a persona goes out whole as a character card (PNG, CHARX).
  personaAssets: { why: 'persona images and card files are exported with their persona as a character card' },
  // What Hearth saw of pages expires after the user's period: a backup does not keep it.
  seenLog: { why: 'what Hearth saw of pages expires; it is never put in a backup' },
  pageSummaries: { why: 'page summaries expire; they are never put in a backup' },
};

/**
 * Record fields that point at derived data (a memory's `embedderId` says its vector is in
 * the vector store): left out of files and dropped on import, so the data is rebuilt.
 */
export const DERIVED_FIELDS: Partial<Record<StoreSectionName, readonly string[]>> = {
  memories: ['embedderId'],
};

/** A section backed by an IndexedDB store. */
export type StoreSectionName = keyof typeof STORE_SECTIONS;
/** Every section a version-1 backup may hold. */
export type SectionName = StoreSectionName | 'settings';

export const STORE_SECTION_NAMES = Object.keys(STORE_SECTIONS) as StoreSectionName[];
export const SECTION_NAMES: readonly SectionName[] = [...STORE_SECTION_NAMES, 'settings'];

/** The settings as stored in a backup: the settings version they were written at, and their value. */
export const SettingsSection = z.object({
  version: z.literal(SETTINGS_VERSION),
  value: Settings,
});
export type SettingsSection = z.infer<typeof SettingsSection>;

type StoreSectionSchemas = {
  [K in StoreSectionName]: z.ZodOptional<z.ZodArray<(typeof STORE_SECTIONS)[K]['record']>>;
};

function storeSectionSchemas(): StoreSectionSchemas {
  const out: Record<string, z.ZodType> = {};
  for (const name of STORE_SECTION_NAMES) out[name] = z.array(STORE_SECTIONS[name].record).optional();
  return out as StoreSectionSchemas;
}

/** The sections of a backup; each is optional, so a memories-only export is the same format. */
export const BackupSections = z.object({ ...storeSectionSchemas(), settings: SettingsSection.optional() });
export type BackupSections = z.infer<typeof BackupSections>;

/** A Hearth backup file (after upgrading to the current version). */
export const BackupFile = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  app: z.object({ version: z.string().max(64) }),
  sections: BackupSections,
});
export type BackupFile = z.infer<typeof BackupFile>;

/** How many entries each section of a backup holds (settings count as one). */
export type SectionCounts = Partial<Record<SectionName, number>>;

/** The sections a backup holds and their sizes, for a summary before importing. */
export function countSections(backup: BackupFile): SectionCounts {
  const counts: SectionCounts = {};
  for (const name of STORE_SECTION_NAMES) {
    const entries = backup.sections[name];
    if (entries) counts[name] = entries.length;
  }
  if (backup.sections.settings) counts.settings = 1;
  return counts;
}

const NOUNS: Record<SectionName, [string, string]> = {
  personas: ['persona', 'personas'],
  conversations: ['conversation', 'conversations'],
  messages: ['message', 'messages'],
  memories: ['memory', 'memories'],
  images: ['picture', 'pictures'],
  settings: ['settings', 'settings'],
};

/** Counts in words: "3 conversations, 41 messages and settings". */
export function describeCounts(counts: SectionCounts): string {
  const parts = SECTION_NAMES.flatMap((name) => {
    const n = counts[name];
    // Pictures are optional: "0 pictures" would only puzzle someone who never made one.
    if (n === undefined || (name === 'images' && n === 0)) return [];
    if (name === 'settings') return ['settings'];
    const [one, many] = NOUNS[name];
    return [`${n.toLocaleString('en')} ${n === 1 ? one : many}`];
  });
  if (parts.length === 0) return 'nothing';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

/** A backup that cannot be used, with a message that names the entry and field. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** A path in a backup as people read it: `memories[12].importance` (the `sections.` prefix left out). */
export function formatPath(path: readonly PropertyKey[]): string {
  const rest = path[0] === 'sections' ? path.slice(1) : path;
  let out = '';
  for (const part of rest) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || '(the file)';
}

/** The first problem zod found, with the entry and field it is in, and how many more there are. */
export function describeIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const [first] = error.issues;
  if (!first) return 'invalid';
  const more = error.issues.length - 1;
  const tail = more > 0 ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : '';
  return `${formatPath([...prefix, ...first.path])}: ${first.message}${tail}`;
}

/** Turns a raw backup of version N-1 into version N (before validation). */
export type BackupUpgrade = (previous: Record<string, unknown>) => Record<string, unknown>;

/** Upgrades by the version they produce; none yet, version 1 is the first. */
export const BACKUP_UPGRADES: Readonly<Record<number, BackupUpgrade>> = {};

/** Brings a raw backup from `fromVersion` to `toVersion`; a newer file is refused in words. */
export function upgradeBackup(
  raw: Record<string, unknown>,
  fromVersion: number,
  toVersion: number = BACKUP_VERSION,
  chain: Readonly<Record<number, BackupUpgrade>> = BACKUP_UPGRADES,
): Record<string, unknown> {
  if (!Number.isInteger(fromVersion) || fromVersion < 1) {
    throw new BackupError(`version: "${String(fromVersion)}" is not a backup version.`);
  }
  if (fromVersion > toVersion) {
    throw new BackupError(
      `This backup was made by a newer Hearth (backup version ${fromVersion}); this one reads up to version ${toVersion}. Update Hearth to import it. Nothing was changed.`,
    );
  }
  let current = raw;
  for (let version = fromVersion + 1; version <= toVersion; version++) {
    const step = chain[version];
    if (!step) throw new BackupError(`Hearth has no way to read backup version ${version - 1}.`);
    try {
      current = { ...step(current), version };
    } catch (error) {
      throw new BackupError(`This backup could not be upgraded to version ${version}.`, { cause: error });
    }
  }
  return current;
}
