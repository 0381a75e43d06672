import { useEffect, useState } from 'preact/hooks';
import type { Availability } from '../../lib/llm/engine';
import { createChromeBuiltinEngine } from '../../lib/llm/chrome-builtin';

/** Chrome's built-in model: offered when the browser says it is there, else the browser's reason. */
export function ChromeBuiltinCard({ active, onUse }: { active: boolean; onUse: () => Promise<void> }) {
  const [availability, setAvailability] = useState<Availability | null>(null);
  useEffect(() => {
    createChromeBuiltinEngine()
      .availability()
      .then(setAvailability)
      .catch((error: unknown) => setAvailability({ available: false, reason: String(error) }));
  }, []);

  if (!availability) return <p class="muted">Checking…</p>;
  if (!availability.available)
    return (
      <p class="muted" data-testid="chrome-unavailable">
        Unavailable: {availability.reason}
      </p>
    );
  return (
    <div class="row">
      <p class="grow">{availability.note ?? 'Available in this browser.'}</p>
      {active ? (
        <span class="badge">In use</span>
      ) : (
        <button type="button" onClick={() => void onUse()}>
          Use Chrome's model
        </button>
      )}
    </div>
  );
}
