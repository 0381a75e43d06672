import { useState } from 'preact/hooks';

/** A new signing secret, shown this once with a copy button; it is never shown again. */
export function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied('Copied.'),
      () => setCopied('Could not copy: select the secret and copy it by hand.'),
    );
  return (
    <div class="stack card" role="region" aria-label="New signing secret">
      <p>
        Your receiver needs this signing secret to verify deliveries. Copy it now: Hearth will not show it
        again (rotate to get a new one).
      </p>
      <code data-testid="webhook-secret" class="grow">
        {secret}
      </code>
      <div class="row">
        <button type="button" onClick={copy}>
          Copy secret
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          I have saved it
        </button>
        {copied && <span role="status">{copied}</span>}
      </div>
    </div>
  );
}
