import { useState } from 'preact/hooks';
import type { WebhookEndpointView, WebhookService } from '../../lib/events/webhook-service';
import { EVENT_LABELS } from './event-labels';
import { SecretOnce } from './SecretOnce';

/** One endpoint: where it sends, what, whether it is on, and its actions. */
export function EndpointRow({
  endpoint,
  service,
  onChanged,
}: {
  endpoint: WebhookEndpointView;
  service: WebhookService;
  onChanged: () => void;
}) {
  const [result, setResult] = useState<{ ok: boolean; words: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = (work: () => Promise<void>) => async () => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <li class="stack card" aria-label={`Webhook ${endpoint.url}`}>
      <div class="row">
        <strong class="grow">{endpoint.url}</strong>
        <span class="badge" data-testid="webhook-state">
          {endpoint.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </div>
      {!endpoint.enabled && endpoint.disabledReason && <p class="muted">{endpoint.disabledReason}</p>}
      {endpoint.insecure && (
        <p class="error">Plain http to another machine: events cross the network unencrypted.</p>
      )}
      <p class="muted">Sends: {endpoint.eventTypes.map((t) => EVENT_LABELS[t]).join(', ')}</p>
      {endpoint.rotationEndsAt && (
        <p class="muted">
          Secret rotated: deliveries carry both signatures until{' '}
          {new Date(endpoint.rotationEndsAt).toLocaleString()}.
        </p>
      )}
      <div class="row">
        <button
          type="button"
          disabled={busy}
          onClick={act(async () => setResult(await service.testDelivery(endpoint.id)))}
        >
          Send a test event
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={act(async () => {
            if (!confirm('Make a new signing secret? The old one keeps signing for a day.')) return;
            setSecret((await service.rotate(endpoint.id)).secret);
          })}
        >
          Rotate secret
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={act(() => service.setEnabled(endpoint.id, !endpoint.enabled))}
        >
          {endpoint.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          class="danger"
          disabled={busy}
          onClick={act(async () => {
            if (confirm(`Delete the webhook to ${endpoint.url} and its dead letters?`))
              await service.remove(endpoint.id);
          })}
        >
          Delete
        </button>
      </div>
      {result && (
        <p role="status" class={result.ok ? '' : 'error'} data-testid="webhook-test-result">
          {result.words}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
    </li>
  );
}
