import { useState } from 'preact/hooks';
import type { DeadLetterView, WebhookService } from '../../lib/events/webhook-service';

/** Deliveries Hearth gave up on, each with its reason and a replay button. */
export function DeadLetters({
  letters,
  service,
  onChanged,
}: {
  letters: DeadLetterView[];
  service: WebhookService;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  if (letters.length === 0) return <p class="muted">No failed deliveries.</p>;
  const replay = (id: string) => async () => {
    setError(null);
    try {
      await service.replay(id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    onChanged();
  };
  return (
    <div class="stack">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="stack" aria-label="Dead letters">
        {letters.map((letter) => (
          <li key={letter.id} class="stack card" data-testid="dead-letter">
            <div class="row">
              <strong class="grow">{letter.eventType}</strong>
              <span class="muted">{new Date(letter.deadAt).toLocaleString()}</span>
            </div>
            <p class="muted">
              To {letter.endpointUrl} · {letter.attempts} attempt{letter.attempts === 1 ? '' : 's'}
              {letter.replays ? ` · replayed ${letter.replays} times` : ''}
            </p>
            <p data-testid="dead-letter-reason">{letter.reason}</p>
            <div class="row">
              <button type="button" onClick={replay(letter.id)}>
                Replay
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
