import { useState } from 'preact/hooks';
import { OPT_IN_EVENT_TYPES, type EventType } from '../../lib/events/event-types';
import { ensureHostPermission } from '../../lib/llm/host-permission';
import type { WebhookService } from '../../lib/events/webhook-service';
import { EVENT_LABELS } from './event-labels';

/** The form that adds an endpoint: an address, the event types it opts into, and the host grant. */
export function AddEndpoint({
  service,
  onAdded,
}: {
  service: WebhookService;
  onAdded: (secret: string) => void;
}) {
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<EventType[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (type: EventType) =>
    setTypes((now) => (now.includes(type) ? now.filter((t) => t !== type) : [...now, type]));

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      // Asked first, inside the click: the browser grants a host only during a user gesture.
      let allowed = false;
      try {
        allowed = await ensureHostPermission(url.trim());
      } catch {
        allowed = false;
      }
      if (!allowed) {
        throw new Error('Hearth was not allowed to reach that address, so it cannot deliver events there.');
      }
      const { secret } = await service.add({ url, eventTypes: types });
      setUrl('');
      setTypes([]);
      onAdded(secret);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={submit} aria-label="Add a webhook endpoint">
      <label class="stack">
        Webhook address
        <input
          type="url"
          value={url}
          placeholder="https://example.com/hooks/hearth"
          onInput={(e) => setUrl(e.currentTarget.value)}
          required
        />
      </label>
      <fieldset class="stack">
        <legend>Send these events</legend>
        {OPT_IN_EVENT_TYPES.map((type) => (
          <label key={type} class="row">
            <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} />
            {EVENT_LABELS[type]} <span class="muted">({type})</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" disabled={busy || !url.trim() || types.length === 0}>
          Add endpoint
        </button>
      </div>
    </form>
  );
}
