import { DEFAULT_SETTINGS } from '../settings/schema';
import { SETTINGS_VERSION, SettingsMigrationError, migrateSettings } from '../settings/migrations';
import {
  BACKUP_FORMAT,
  BackupError,
  BackupFile,
  MAX_BACKUP_BYTES,
  MAX_SECTION_ENTRIES,
  SECTION_NAMES,
  STORE_SECTION_NAMES,
  describeIssue,
  upgradeBackup,
  type BackupUpgrade,
} from './format';
import { locateJsonError } from './json-error';
import { checkRecordLimits } from './limits';

/** A backup read from a file, or why it cannot be imported (naming the entry and field). */
export type ParseResult =
  | {
      ok: true;
      backup: BackupFile;
      /** Sections this version of Hearth does not know and left out. */ skipped: string[];
    }
  | { ok: false; error: string };

/** Limits and upgrade chain; the defaults are the real ones, tests pass smaller. */
export interface ParseOptions {
  maxBytes?: number;
  maxEntries?: number;
  upgrades?: Readonly<Record<number, BackupUpgrade>>;
  /** The clock that bounds record times from above (limits.ts). */
  now?: () => number;
}

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024)).toLocaleString('en')} MB`;

/** Refuses a file by its size before it is read; null when the size is fine. */
export function checkBackupSize(bytes: number, maxBytes: number = MAX_BACKUP_BYTES): string | null {
  return bytes > maxBytes
    ? `This file is ${megabytes(bytes)}; Hearth imports backups of up to ${megabytes(maxBytes)}. Nothing was changed.`
    : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const at = locateJsonError(text);
    const where = at
      ? `line ${at.line}, column ${at.column}: expected ${at.expected}, found ${at.found}`
      : String(error);
    return { ok: false, error: `This file is not valid JSON (${where}). Nothing was changed.` };
  }
}

/** Brings the settings section to the current settings version, so the schema can check it. */
function upgradeSettingsSection(sections: Record<string, unknown>): void {
  const section = sections.settings;
  if (!isObject(section) || typeof section.version !== 'number' || !isObject(section.value)) return;
  try {
    const value = migrateSettings(section.value, section.version);
    sections.settings = {
      version: SETTINGS_VERSION,
      value: { ...structuredClone(DEFAULT_SETTINGS), ...value },
    };
  } catch (error) {
    const detail = error instanceof SettingsMigrationError ? error.message : String(error);
    throw new BackupError(`settings: ${detail}`);
  }
}

/** A named error for the second record with an id already used in the same section. */
function findDuplicateId(backup: BackupFile): string | null {
  for (const name of STORE_SECTION_NAMES) {
    const seen = new Map<string, number>();
    const entries = backup.sections[name] ?? [];
    for (let i = 0; i < entries.length; i++) {
      const id = entries[i]!.id;
      const first = seen.get(id);
      if (first !== undefined)
        return `${name}[${i}].id: "${id}" appears twice in the file (also ${name}[${first}]).`;
      seen.set(id, i);
    }
  }
  return null;
}

/**
 * Reads and validates a backup file's text. Nothing is written: the caller shows the
 * summary, asks merge or replace, then calls importBackup. Every problem is one sentence
 * naming where it is: `memories[12].importance: Invalid input: expected number, received string`.
 */
export function parseBackup(text: string, options: ParseOptions = {}): ParseResult {
  const tooBig = checkBackupSize(text.length, options.maxBytes);
  if (tooBig) return { ok: false, error: tooBig };
  const json = parseJson(text.replace(/^\uFEFF/, ''));
  if (!json.ok) return json;
  let raw = json.value;
  if (!isObject(raw) || raw.format !== BACKUP_FORMAT) {
    const found = isObject(raw) && 'format' in raw ? JSON.stringify(raw.format) : 'missing';
    return {
      ok: false,
      error: `This is not a Hearth backup: "format" is ${found}, expected "${BACKUP_FORMAT}". Nothing was changed.`,
    };
  }
  try {
    if (typeof raw.version !== 'number') throw new BackupError('version: expected a number.');
    raw = upgradeBackup(raw, raw.version, undefined, options.upgrades);
    const sections = (raw as Record<string, unknown>).sections;
    const skipped: string[] = [];
    if (isObject(sections)) {
      for (const name of Object.keys(sections)) {
        if (!(SECTION_NAMES as readonly string[]).includes(name)) {
          skipped.push(name);
          delete sections[name];
        }
      }
      const maxEntries = options.maxEntries ?? MAX_SECTION_ENTRIES;
      for (const name of STORE_SECTION_NAMES) {
        const entries = sections[name];
        if (Array.isArray(entries) && entries.length > maxEntries) {
          throw new BackupError(
            `${name}: the file holds ${entries.length.toLocaleString('en')} entries; Hearth imports at most ${maxEntries.toLocaleString('en')} per section.`,
          );
        }
      }
      upgradeSettingsSection(sections);
    }
    const parsed = BackupFile.safeParse(raw);
    if (!parsed.success) throw new BackupError(describeIssue(parsed.error));
    const duplicate = findDuplicateId(parsed.data);
    if (duplicate) throw new BackupError(duplicate);
    const outOfRange = checkRecordLimits(parsed.data, options.now?.() ?? Date.now());
    if (outOfRange) throw new BackupError(outOfRange);
    return { ok: true, backup: parsed.data, skipped };
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    if (/Nothing was changed\.$/.test(error.message)) return { ok: false, error: error.message };
    return { ok: false, error: `${error.message.replace(/([^.])$/, '$1.')} Nothing was changed.` };
  }
}
