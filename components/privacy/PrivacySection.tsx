import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Settings } from '../../lib/settings/schema';
import type { PrivacySettings } from '../../lib/privacy/settings';
import { updateSettings } from '../../lib/settings/store';
import { originsToRequest } from '../../lib/context/reader-registration';
import { openSeenLog } from '../../lib/privacy/seen-log';
import { SiteRules } from './SiteRules';
import { SeenLog } from './SeenLog';

/** The options page's privacy section: what Hearth may read, notice and keep of pages. */
export function PrivacySection({ settings }: { settings: Settings }) {
  const privacy = settings.privacy;
  const [problem, setProblem] = useState<string | null>(null);
  const save = (patch: Partial<PrivacySettings>) =>
    void updateSettings((s) => ({ ...s, privacy: { ...s.privacy, ...patch } }))
      .then(() => setProblem(null))
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));

  const toggleNotice = (on: boolean) => {
    if (!on) return save({ noticeBrowsing: false });
    const origins = originsToRequest(privacy);
    if (origins.length === 0)
      return setProblem('Allow a site first: Hearth notices pages only on sites you allow.');
    // Asked at the moment it is switched on (the click is the gesture the browser needs).
    void browser.permissions.request({ origins }).then(
      (granted) =>
        granted
          ? save({ noticeBrowsing: true })
          : setProblem('The browser did not grant access to those sites.'),
      (error: unknown) => setProblem(String(error)),
    );
  };

  return (
    <div class="privacy">
      <label>
        <input
          type="checkbox"
          checked={privacy.paused}
          onChange={(e) => save({ paused: e.currentTarget.checked })}
        />{' '}
        Pause reading pages everywhere
      </label>
      <label>
        <input
          type="checkbox"
          checked={privacy.noticeBrowsing}
          onChange={(e) => toggleNotice(e.currentTarget.checked)}
        />{' '}
        Notice what I browse on the sites I allow (otherwise Hearth reads only the tab you open it on)
      </label>
      <SiteRules
        rules={privacy.rules}
        onChange={(rules) => {
          save({ rules });
          // A newly allowed site needs its access granted while noticing is on.
          const origins = originsToRequest({ ...privacy, rules });
          if (privacy.noticeBrowsing && origins.length)
            void browser.permissions.request({ origins }).catch(() => false);
        }}
      />
      <label>
        <input
          type="checkbox"
          checked={privacy.keepSummaries}
          onChange={(e) => save({ keepSummaries: e.currentTarget.checked })}
        />{' '}
        Keep a short summary of pages on allowed sites, with their address
      </label>
      <label>
        Forget what Hearth saw after{' '}
        <input
          type="number"
          min={1}
          max={365}
          value={privacy.keepDays}
          onChange={(e) => {
            const days = Number(e.currentTarget.value);
            if (Number.isInteger(days) && days >= 1 && days <= 365) save({ keepDays: days });
            else setProblem('Choose between 1 and 365 days.');
          }}
        />{' '}
        days
      </label>
      {problem && <div role="alert">{problem}</div>}
      <p class="muted">
        Page text goes nowhere but the engine you chose: on this device, or the server you configured.
      </p>
      <SeenLog open={openSeenLog} />
    </div>
  );
}
