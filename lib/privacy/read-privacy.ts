import { DEFAULT_PRIVACY, PrivacySettings } from './settings';

/** The storage area the settings live in (storage.local). */
export interface SettingsReadArea {
  get(key: string): Promise<Record<string, unknown>>;
}

/**
 * The privacy part of the stored settings, for the background, which needs nothing else
 * (and no API key). Absent (a fresh install, settings from before issue 8) or unreadable:
 * the defaults, which read only the tab the user opens Hearth on.
 */
export async function readPrivacy(area: SettingsReadArea): Promise<PrivacySettings> {
  const raw = (await area.get('settings'))['settings'] as { value?: { privacy?: unknown } } | undefined;
  const parsed = PrivacySettings.safeParse(raw?.value?.privacy);
  return parsed.success ? parsed.data : structuredClone(DEFAULT_PRIVACY);
}
