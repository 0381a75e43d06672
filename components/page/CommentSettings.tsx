import { useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings/schema';
import { updateSettings } from '../../lib/settings/store';
import { CommentSettings as CommentSchema, type CommentSettings } from '../../lib/page/comment-settings';

const toTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const fromTime = (value: string) => {
  const [h, m] = value.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * The `comments` settings: page comments on or off (off until switched on), the bubble,
 * quiet hours, how often at most, and how readily. Each change is checked with the
 * section's schema and saved at once; an open panel follows it live.
 */
export function CommentSettingsForm({ settings }: { settings: Settings }) {
  const [error, setError] = useState<string | null>(null);
  const c = settings.comments;
  const save = (patch: Partial<CommentSettings>) => {
    const next = CommentSchema.safeParse({ ...c, ...patch });
    if (!next.success) return setError(next.error.issues[0]?.message ?? 'That value is not allowed.');
    void updateSettings((s) => ({ ...s, comments: next.data })).then(
      () => setError(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const number = (
    label: string,
    key: 'maxPerHour' | 'maxPerSitePerHour' | 'cooldownMinutes' | 'minDwellSeconds',
    min: number,
    max: number,
  ) => (
    <label>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        value={c[key]}
        onChange={(e) => save({ [key]: Math.round(Number(e.currentTarget.value)) })}
      />
    </label>
  );
  return (
    <form class="stack" aria-label="Page comments" onSubmit={(e) => e.preventDefault()}>
      <p class="muted">
        While the panel is open, Hearth may say something about the page you are reading, when you have stayed
        a while and seem idle. It never comments with the panel closed, and it learns from what you dismiss.
      </p>
      <label class="row">
        <input
          type="checkbox"
          checked={c.enabled}
          onChange={(e) => save({ enabled: e.currentTarget.checked })}
        />
        Comment on pages I read
      </label>
      <label class="row">
        <input
          type="checkbox"
          checked={c.bubble}
          onChange={(e) => save({ bubble: e.currentTarget.checked })}
        />
        Also show a small bubble on the page
      </label>
      <label class="row">
        <input
          type="checkbox"
          checked={c.quietHours.enabled}
          onChange={(e) => save({ quietHours: { ...c.quietHours, enabled: e.currentTarget.checked } })}
        />
        Quiet hours from
        <input
          type="time"
          aria-label="Quiet hours start"
          value={toTime(c.quietHours.start)}
          onChange={(e) => save({ quietHours: { ...c.quietHours, start: fromTime(e.currentTarget.value) } })}
        />
        to
        <input
          type="time"
          aria-label="Quiet hours end"
          value={toTime(c.quietHours.end)}
          onChange={(e) => save({ quietHours: { ...c.quietHours, end: fromTime(e.currentTarget.value) } })}
        />
      </label>
      <label>
        How readily
        <select
          value={c.chattiness}
          onChange={(e) => save({ chattiness: e.currentTarget.value as CommentSettings['chattiness'] })}
        >
          <option value="quiet">Rarely</option>
          <option value="normal">Sometimes</option>
          <option value="chatty">Often</option>
        </select>
      </label>
      {number('At most this many comments an hour', 'maxPerHour', 1, 30)}
      {number('At most this many an hour on one site', 'maxPerSitePerHour', 1, 30)}
      {number('Minutes between comments', 'cooldownMinutes', 1, 1440)}
      {number('Seconds on a page before a comment', 'minDwellSeconds', 10, 3600)}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
