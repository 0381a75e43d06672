import type { PersonaRecord } from '../../lib/db/records';

/**
 * Which persona a new conversation is with: one button per persona, shown when there is
 * more than one (with one, a new chat starts with it at once).
 */
export function PersonaPicker({
  personas,
  activeId,
  onPick,
  onClose,
}: {
  personas: readonly PersonaRecord[];
  activeId: string;
  onPick: (personaId: string) => void;
  onClose: () => void;
}) {
  return (
    <div class="persona-picker" role="group" aria-label="Start a new chat with">
      <p class="muted">New chat with…</p>
      <ul>
        {personas.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              class={p.id === activeId ? '' : 'secondary'}
              aria-label={`New chat with ${p.name}`}
              onClick={() => onPick(p.id)}
            >
              {p.name}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="link" onClick={onClose}>
        Cancel
      </button>
    </div>
  );
}
