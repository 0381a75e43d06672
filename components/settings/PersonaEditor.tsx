import { useEffect, useState } from 'preact/hooks';
import type { PersonaRecord } from '../../lib/db/records';
import type { PersonaStore } from '../../lib/persona/persona-store';
import { publishChange } from '../../lib/messaging/changes';
import { buildSystemPrompt } from '../../lib/persona/system-prompt';

const FIELDS: { key: keyof PersonaRecord; label: string; rows: number }[] = [
  { key: 'name', label: 'Name', rows: 1 },
  { key: 'description', label: 'Description', rows: 3 },
  { key: 'personality', label: 'Personality', rows: 3 },
  { key: 'greeting', label: 'Greeting', rows: 2 },
  { key: 'speakingStyle', label: 'Way of speaking', rows: 3 },
];

/** Edits the active persona; an open panel picks the change up at once. */
export function PersonaEditor({ store, personaId }: { store: PersonaStore; personaId: string }) {
  const [persona, setPersona] = useState<PersonaRecord | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    store.get(personaId).then(setPersona, (e: unknown) => setStatus({ error: true, text: String(e) }));
  }, [store, personaId]);

  if (!persona) return <p class="muted">Loading…</p>;
  return (
    <form
      class="stack"
      aria-label="Persona"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const saved = await store.save(persona);
          setPersona(saved);
          publishChange({ topic: 'personas', ids: [saved.id] });
          setStatus({ error: false, text: 'Saved.' });
        } catch (error) {
          setStatus({ error: true, text: error instanceof Error ? error.message : String(error) });
        }
      }}
    >
      {FIELDS.map(({ key, label, rows }) => (
        <label key={key}>
          {label}
          {rows === 1 ? (
            <input
              value={String(persona[key])}
              onInput={(e) => setPersona({ ...persona, [key]: e.currentTarget.value })}
            />
          ) : (
            <textarea
              rows={rows}
              value={String(persona[key])}
              onInput={(e) => setPersona({ ...persona, [key]: e.currentTarget.value })}
            />
          )}
        </label>
      ))}
      <div class="row">
        <button type="submit">Save persona</button>
        {status && (
          <span class={status.error ? 'error' : 'muted'} role={status.error ? 'alert' : 'status'}>
            {status.text}
          </span>
        )}
      </div>
      <details>
        <summary>System prompt built from this persona</summary>
        <pre class="prompt-preview">{buildSystemPrompt(persona)}</pre>
      </details>
    </form>
  );
}
