/**
 * Numbered settings migrations: entry N turns what version N-1 stored into version N.
 * Version 1 is the first shipped shape.
 */
export type SettingsMigration = (previous: Record<string, unknown>) => Record<string, unknown>;

/** The settings version this build writes. */
export const SETTINGS_VERSION = 2;

/** Migrations by the version they produce. */
export const settingsMigrations: Readonly<Record<number, SettingsMigration>> = {
  /** 2: memory search settings (keyword search only, the library's model host). */
  2: (previous) => ({ ...previous, memory: { embedder: null, modelHost: null } }),
};

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
