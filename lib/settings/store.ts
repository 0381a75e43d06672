import { browser } from 'wxt/browser';
import { describeZodError } from '../messaging/result';
import { DEFAULT_SETTINGS, Settings } from './schema';
import { SETTINGS_VERSION, SettingsMigrationError, migrateSettings } from './migrations';

const KEY = 'settings';
const BACKUP_PREFIX = 'settings.unreadable.';

/** Settings as read, with a sentence for the user when the stored ones could not be used. */
export interface LoadedSettings {
  settings: Settings;
  problem?: string;
}

interface StoredSettings {
  version: number;
  value: Record<string, unknown>;
}

function isStored(raw: unknown): raw is StoredSettings {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as StoredSettings).version === 'number' &&
    typeof (raw as StoredSettings).value === 'object' &&
    (raw as StoredSettings).value !== null
  );
}

/**
 * Reads settings from storage.local, migrating older versions. Stored settings that are
 * unreadable (corrupt, or from a newer Hearth) are never thrown away: they are copied to
 * a backup key, the defaults are used, and `problem` says so in words.
 */
export async function loadSettings(area = browser.storage.local): Promise<LoadedSettings> {
  const raw = (await area.get(KEY))[KEY];
  if (raw === undefined) return { settings: structuredClone(DEFAULT_SETTINGS) };
  let problem: string;
  if (isStored(raw)) {
    try {
      const migrated = migrateSettings(raw.value, raw.version);
      const parsed = Settings.safeParse({ ...structuredClone(DEFAULT_SETTINGS), ...migrated });
      if (parsed.success) {
        if (raw.version !== SETTINGS_VERSION)
          await area.set({ [KEY]: { version: SETTINGS_VERSION, value: parsed.data } });
        return { settings: parsed.data };
      }
      problem = `Some saved settings were invalid (${describeZodError(parsed.error)}).`;
    } catch (error) {
      problem = error instanceof SettingsMigrationError ? error.message : `Saved settings could not be read.`;
    }
  } else {
    problem = 'Saved settings were not in a form Hearth knows.';
  }
  const backupKey = `${BACKUP_PREFIX}${Date.now()}`;
  await area.set({ [backupKey]: raw });
  return {
    settings: structuredClone(DEFAULT_SETTINGS),
    problem: `${problem} Hearth is using its defaults; the old settings were kept under "${backupKey}".`,
  };
}

/** Validates and writes the whole settings object; throws with the field that is wrong. */
export async function saveSettings(settings: Settings, area = browser.storage.local): Promise<Settings> {
  const parsed = Settings.safeParse(settings);
  if (!parsed.success) throw new Error(`Settings not saved: ${describeZodError(parsed.error)}`);
  await area.set({ [KEY]: { version: SETTINGS_VERSION, value: parsed.data } });
  return parsed.data;
}

/** Reads, changes and writes settings in one step. */
export async function updateSettings(
  change: (current: Settings) => Settings,
  area = browser.storage.local,
): Promise<Settings> {
  const { settings } = await loadSettings(area);
  return saveSettings(change(settings), area);
}

/**
 * Calls `listener` whenever any context writes settings. storage.onChanged reaches every
 * context of the extension, so an open panel follows the options page without a reload.
 */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, areaName: string) => {
    if (areaName !== 'local' || !(KEY in changes)) return;
    const next = changes[KEY]?.newValue;
    if (!isStored(next)) return;
    const parsed = Settings.safeParse(next.value);
    if (parsed.success) listener(parsed.data);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
