import { useCallback, useEffect, useState } from 'preact/hooks';
import { subscribeChanges } from '../../lib/messaging/changes';
import type { DeadLetterView, WebhookEndpointView, WebhookService } from '../../lib/events/webhook-service';
import { AddEndpoint } from './AddEndpoint';
import { DeadLetters } from './DeadLetters';
import { EndpointRow } from './EndpointRow';
import { SecretOnce } from './SecretOnce';

/**
 * The options page's webhooks: endpoints (Standard Webhooks, signed), the secret shown once,
 * test deliveries, and the dead-letter list. It follows the background's changes (a 410 that
 * disabled an endpoint, a delivery that failed for good) live.
 */
export function WebhooksSection({ service }: { service: WebhookService }) {
  const [endpoints, setEndpoints] = useState<WebhookEndpointView[] | null>(null);
  const [letters, setLetters] = useState<DeadLetterView[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    Promise.all([service.list(), service.deadLetters()]).then(
      ([list, dead]) => {
        setEndpoints(list);
        setLetters(dead);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [service]);

  useEffect(() => {
    refresh();
    return subscribeChanges((change) => {
      if (change.topic === 'webhooks' || change.topic === 'wipe') refresh();
    });
  }, [refresh]);

  return (
    <div class="stack" data-testid="webhooks">
      <p class="muted">
        Hearth can tell your own tools when something happens: a POST for each event you choose, signed as
        Standard Webhooks describes. Events carry ids, never what was said.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
      {endpoints && endpoints.length > 0 && (
        <ul class="stack" aria-label="Webhook endpoints">
          {endpoints.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} service={service} onChanged={refresh} />
          ))}
        </ul>
      )}
      <AddEndpoint
        service={service}
        onAdded={(next) => {
          setSecret(next);
          refresh();
        }}
      />
      <h3>Failed deliveries</h3>
      <DeadLetters letters={letters} service={service} onChanged={refresh} />
    </div>
  );
}
