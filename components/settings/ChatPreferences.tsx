import { useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings/schema';
import { updateSettings } from '../../lib/settings/store';

/** Reply length, temperature and the Enter key. Each change is saved at once and reaches an open panel live. */
export function ChatPreferences({ settings }: { settings: Settings }) {
  const [error, setError] = useState<string | null>(null);
  // Callers read the input's value before calling: the event's target is gone by the
  // time the asynchronous update runs.
  const save = (change: (s: Settings) => Settings) =>
    void updateSettings(change).then(
      () => setError(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <form class="stack" aria-label="Chat preferences" onSubmit={(e) => e.preventDefault()}>
      <label>
        Creativity (temperature {settings.generation.temperature.toFixed(1)})
        <input
          type="range"
          min={0}
          max={1.5}
          step={0.1}
          value={settings.generation.temperature}
          onChange={(e) => {
            const temperature = Number(e.currentTarget.value);
            save((s) => ({ ...s, generation: { ...s.generation, temperature } }));
          }}
        />
      </label>
      <label>
        Longest reply (tokens)
        <input
          type="number"
          min={16}
          max={8192}
          value={settings.generation.maxReplyTokens}
          onChange={(e) => {
            const maxReplyTokens = Math.round(Number(e.currentTarget.value));
            if (maxReplyTokens >= 16 && maxReplyTokens <= 8192) {
              save((s) => ({ ...s, generation: { ...s.generation, maxReplyTokens } }));
            } else setError('The longest reply must be between 16 and 8192 tokens.');
          }}
        />
      </label>
      <label class="row">
        <input
          type="checkbox"
          checked={settings.enterSends}
          onChange={(e) => {
            const enterSends = e.currentTarget.checked;
            save((s) => ({ ...s, enterSends }));
          }}
        />
        Enter sends (Shift+Enter for a new line)
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
