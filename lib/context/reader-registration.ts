/**
 * "Notice what I browse": the page reader registered as a content script for the sites
 * the user allowed, and only those (scripting.registerContentScripts), with sign-in,
 * checkout and blocked sites excluded, so that a blocked page never gets the script at all.
 * Paused, switched off, or no allowed site: nothing is registered. Only sites whose access
 * the user granted are registered. Pure: the browser calls come in through the api.
 */
import type { PrivacySettings } from '../privacy/settings';
import { registrationPatterns } from '../privacy/site-rules';

/** The id of the registered reader. */
export const READER_SCRIPT_ID = 'hearth-page-reader';
/** The reader's file in the build. */
export const READER_SCRIPT_FILE = 'content-scripts/page.js';

/** A content script as scripting.registerContentScripts takes it. */
export interface ReaderScript {
  id: string;
  js: string[];
  matches: string[];
  excludeMatches: string[];
  runAt: 'document_idle';
  allFrames: false;
  persistAcrossSessions: true;
}

/** The scripting and permissions calls the sync needs. */
export interface RegistrationApi {
  registeredIds(): Promise<string[]>;
  register(script: ReaderScript): Promise<void>;
  unregister(id: string): Promise<void>;
  /** Whether the user granted access to this match pattern. */
  granted(pattern: string): Promise<boolean>;
}

/** Makes the registration match the settings; returns the patterns now registered. */
export async function syncReaderRegistration(
  api: RegistrationApi,
  privacy: PrivacySettings,
): Promise<string[]> {
  const present = (await api.registeredIds()).includes(READER_SCRIPT_ID);
  // Replaced whole: one script, so there is no partial state to reconcile.
  if (present) await api.unregister(READER_SCRIPT_ID);
  if (privacy.paused || !privacy.noticeBrowsing) return [];
  const { matches, excludeMatches } = registrationPatterns(privacy.rules);
  // Access is granted per scheme ("http://x/*" alone, as the test build has it): a site is
  // registered for the schemes the user granted.
  const granted: string[] = [];
  for (const pattern of matches) {
    if (await api.granted(pattern)) granted.push(pattern);
    else
      for (const scheme of ['http', 'https']) {
        const one = pattern.replace(/^\*:/, `${scheme}:`);
        if (await api.granted(one)) granted.push(one);
      }
  }
  if (granted.length === 0) return [];
  await api.register({
    id: READER_SCRIPT_ID,
    js: [READER_SCRIPT_FILE],
    matches: granted,
    excludeMatches,
    runAt: 'document_idle',
    allFrames: false,
    persistAcrossSessions: true,
  });
  return granted;
}

/** The origins to ask the user for when "notice what I browse" is switched on. */
export function originsToRequest(privacy: PrivacySettings): string[] {
  return registrationPatterns(privacy.rules).matches;
}
