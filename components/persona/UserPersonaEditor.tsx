import { useEffect, useState } from 'preact/hooks';
import type { PersonaLibraryService, UserPersonaView } from './library-service';

/** Who `{{user}}` is: the name and short description every persona knows the user by. */
export function UserPersonaEditor({ service }: { service: PersonaLibraryService }) {
  const [user, setUser] = useState<UserPersonaView | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  useEffect(() => {
    service.userPersona().then(setUser, (e: unknown) => setStatus({ error: true, text: String(e) }));
  }, [service]);
  if (!user) return status ? <p class="error">{status.text}</p> : <p class="muted">Loading…</p>;
  return (
    <form
      class="stack"
      aria-label="You"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          setUser(await service.saveUserPersona(user));
          setStatus({ error: false, text: 'Saved.' });
        } catch (error) {
          setStatus({ error: true, text: error instanceof Error ? error.message : String(error) });
        }
      }}
    >
      <p class="muted">What your companions call you: {'{{user}}'} in a card stands for this name.</p>
      <label>
        Your name
        <input
          value={user.name}
          maxLength={80}
          onInput={(e) => setUser({ ...user, name: e.currentTarget.value })}
        />
      </label>
      <label>
        About you (short)
        <textarea
          rows={2}
          maxLength={2000}
          value={user.description}
          onInput={(e) => setUser({ ...user, description: e.currentTarget.value })}
        />
      </label>
      <div class="row">
        <button type="submit">Save</button>
        {status && (
          <span class={status.error ? 'error' : 'muted'} role={status.error ? 'alert' : 'status'}>
            {status.text}
          </span>
        )}
      </div>
    </form>
  );
}
