/**
 * Numbered settings migrations: entry N turns what version N-1 stored into version N.
 * Version 1 is the first shipped shape.
 */
export type SettingsMigration = (previous: Record<string, unknown>) => Record<string, unknown>;

/** The settings version this build writes. */
export const SETTINGS_VERSION = 3;

/** Migrations by the version they produce. */
export const settingsMigrations: Readonly<Record<number, SettingsMigration>> = {
  /** 2: memory search settings (keyword search only, the library's model host). */
  2: (previous) => ({ ...previous, memory: { embedder: null, modelHost: null } }),
  /**
   * 3: the endpoint's API key leaves storage.local (a content script's world can read it) for
   * the secret store. The store takes it out with {@link storedApiKey} before this step runs.
   */
  3: (previous) => withoutApiKey(previous),
};

function openaiOf(value: Record<string, unknown>): Record<string, unknown> | null {
  const engine = value.engine;
  if (typeof engine !== 'object' || engine === null) return null;
  const openai = (engine as Record<string, unknown>).openai;
  return typeof openai === 'object' && openai !== null ? (openai as Record<string, unknown>) : null;
}

/** The API key found in stored settings of any version ('' when there is none). */
export function storedApiKey(value: Record<string, unknown>): string {
  const key = openaiOf(value)?.apiKey;
  return typeof key === 'string' ? key : '';
}

/** Stored settings with the API key taken out (the rest as it was). */
export function withoutApiKey(value: Record<string, unknown>): Record<string, unknown> {
  const openai = openaiOf(value);
  if (!openai || !('apiKey' in openai)) return value;
  const { apiKey: _moved, ...rest } = openai;
  return { ...value, engine: { ...(value.engine as Record<string, unknown>), openai: rest } };
}

/** Raised when stored settings cannot be brought to the current version. */
export class SettingsMigrationError extends Error {
  override readonly name = 'SettingsMigrationError';
}

/** Runs every migration from `fromVersion` up to `toVersion`, in order. */
export function migrateSettings(
  value: Record<string, unknown>,
  fromVersion: number,
  toVersion: number = SETTINGS_VERSION,
  chain: Readonly<Record<number, SettingsMigration>> = settingsMigrations,
): Record<string, unknown> {
  if (fromVersion > toVersion) {
    throw new SettingsMigrationError(
      `These settings were saved by a newer Hearth (version ${fromVersion}); this one reads up to ${toVersion}.`,
    );
  }
  let current = value;
  for (let version = fromVersion + 1; version <= toVersion; version++) {
    const step = chain[version];
    if (!step) throw new SettingsMigrationError(`No settings migration to version ${version}.`);
    try {
      current = step(current);
    } catch (error) {
      throw new SettingsMigrationError(`Settings migration to version ${version} failed.`, { cause: error });
    }
  }
  return current;
}
