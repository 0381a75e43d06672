import { browser } from 'wxt/browser';
import { describeZodError } from '../messaging/result';
import { DEFAULT_SETTINGS, Settings, StoredSettings } from './schema';
import {
  SETTINGS_VERSION,
  SettingsMigrationError,
  migrateSettings,
  storedApiKey,
  withoutApiKey,
} from './migrations';
import { createSecretStore, type SecretStore } from './secrets';

const KEY = 'settings';
const BACKUP_PREFIX = 'settings.unreadable.';
const API_KEY = 'openai.apiKey';

/** Settings as read, with a sentence for the user when the stored ones could not be used. */
export interface LoadedSettings {
  settings: Settings;
  problem?: string;
}

/** The part of a storage area settings need (storage.local in the extension). */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

interface StoredEnvelope {
  version: number;
  value: Record<string, unknown>;
  /** When they were saved: a save that changes only the key still changes storage, so watchers hear of it. */
  savedAt?: number;
}

function isStored(raw: unknown): raw is StoredEnvelope {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as StoredEnvelope).version === 'number' &&
    typeof (raw as StoredEnvelope).value === 'object' &&
    (raw as StoredEnvelope).value !== null
  );
}

let sharedSecrets: SecretStore | null = null;
/** The secret store of this context (Hearth's database), made on first use. */
function defaultSecrets(): SecretStore {
  return (sharedSecrets ??= createSecretStore());
}

function withApiKey(stored: StoredSettings, apiKey: string): Settings {
  return { ...stored, engine: { ...stored.engine, openai: { ...stored.engine.openai, apiKey } } };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads settings: the stored ones from storage.local (migrating older versions), the API
 * key from the secret store. A key found in storage.local (settings saved before version
 * 3) is moved to the secret store first, and removed from storage.local only once it is
 * safely kept there. Stored settings that are unreadable (corrupt, or from a newer Hearth)
 * are never thrown away: they are copied to a backup key (without any API key, which goes to
 * the secret store), the defaults are used, and `problem` says so in words.
 */
export async function loadSettings(
  area: SettingsArea = browser.storage.local,
  secrets: SecretStore = defaultSecrets(),
): Promise<LoadedSettings> {
  const raw = (await area.get(KEY))[KEY];
  // No settings yet (a fresh install, or after a wipe): the defaults, with no key.
  if (raw === undefined) return { settings: structuredClone(DEFAULT_SETTINGS) };
  let problem: string;
  const leakedKey = isStored(raw) ? storedApiKey(raw.value) : '';
  if (isStored(raw)) {
    try {
      const migrated = withoutApiKey(migrateSettings(raw.value, raw.version));
      const parsed = StoredSettings.safeParse({ ...structuredClone(DEFAULT_SETTINGS), ...migrated });
      if (parsed.success) {
        if (leakedKey) {
          try {
            await secrets.set(API_KEY, leakedKey);
          } catch (error) {
            // Nothing is lost: the key stays where it was until the move can be made.
            return {
              settings: withApiKey(parsed.data, leakedKey),
              problem: `The endpoint's API key could not be moved to safe storage yet (${messageOf(error)}).`,
            };
          }
        }
        const needsRewrite = raw.version !== SETTINGS_VERSION || withoutApiKey(raw.value) !== raw.value;
        if (needsRewrite) await area.set({ [KEY]: { version: SETTINGS_VERSION, value: parsed.data } });
        try {
          return { settings: withApiKey(parsed.data, leakedKey || (await secrets.get(API_KEY))) };
        } catch (error) {
          return {
            settings: withApiKey(parsed.data, ''),
            problem: `The endpoint's API key could not be read (${messageOf(error)}).`,
          };
        }
      }
      problem = `Some saved settings were invalid (${describeZodError(parsed.error)}).`;
    } catch (error) {
      problem = error instanceof SettingsMigrationError ? error.message : `Saved settings could not be read.`;
    }
  } else {
    problem = 'Saved settings were not in a form Hearth knows.';
  }
  const backupKey = `${BACKUP_PREFIX}${Date.now()}`;
  let kept: Record<string, unknown> = { [backupKey]: raw };
  if (leakedKey) {
    // The rest is kept for the person to look at; the key goes where only Hearth can read it,
    // and leaves both copies in storage.local once it is safely there.
    const moved = await secrets.set(API_KEY, leakedKey).then(
      () => true,
      () => false,
    );
    const redacted = { ...(raw as StoredEnvelope), value: withoutApiKey((raw as StoredEnvelope).value) };
    if (moved) kept = { [backupKey]: redacted, [KEY]: redacted };
  }
  await area.set(kept);
  return {
    settings: structuredClone(DEFAULT_SETTINGS),
    problem: `${problem} Hearth is using its defaults; the old settings were kept under "${backupKey}".`,
  };
}

/**
 * Validates and writes the whole settings object, throwing with the field that is wrong:
 * the API key to the secret store first, then the rest to storage.local, so that a context
 * told of the change by storage.onChanged reads the new key.
 */
export async function saveSettings(
  settings: Settings,
  area: SettingsArea = browser.storage.local,
  secrets: SecretStore = defaultSecrets(),
): Promise<Settings> {
  const parsed = Settings.safeParse(settings);
  if (!parsed.success) throw new Error(`Settings not saved: ${describeZodError(parsed.error)}`);
  await secrets.set(API_KEY, parsed.data.engine.openai.apiKey);
  const stored = StoredSettings.parse(parsed.data);
  await area.set({ [KEY]: { version: SETTINGS_VERSION, value: stored, savedAt: Date.now() } });
  return parsed.data;
}

/** Reads, changes and writes settings in one step. */
export async function updateSettings(
  change: (current: Settings) => Settings,
  area: SettingsArea = browser.storage.local,
  secrets: SecretStore = defaultSecrets(),
): Promise<Settings> {
  const { settings } = await loadSettings(area, secrets);
  return saveSettings(change(settings), area, secrets);
}

/**
 * Calls `listener` whenever any context writes settings, with the key read from the
 * secret store. storage.onChanged reaches every context of the extension, so an open panel
 * follows the options page without a reload. Calls keep the order of the changes.
 */
export function watchSettings(
  listener: (settings: Settings) => void,
  secrets: SecretStore = defaultSecrets(),
): () => void {
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  const onChanged = (changes: Record<string, { newValue?: unknown }>, areaName: string) => {
    if (areaName !== 'local' || !(KEY in changes)) return;
    const next = changes[KEY]?.newValue;
    if (!isStored(next) || next.version !== SETTINGS_VERSION) return;
    const parsed = StoredSettings.safeParse(next.value);
    if (!parsed.success) return;
    queue = queue.then(async () => {
      const apiKey = await secrets.get(API_KEY).catch(() => '');
      if (!stopped) listener(withApiKey(parsed.data, apiKey));
    });
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => {
    stopped = true;
    browser.storage.onChanged.removeListener(onChanged);
  };
}
