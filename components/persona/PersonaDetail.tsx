import { useMemo, useState } from 'preact/hooks';
import type { PersonaRecord } from '../../lib/db/records';
import { EmotionImagesEditor } from './EmotionImagesEditor';
import { LorebookEditor } from './LorebookEditor';
import { LorebookInspector } from './LorebookInspector';
import { PersonaActions } from './PersonaActions';
import { PersonaForm } from './PersonaForm';
import { emptyLorebook } from './lorebook-edit';
import type { PersonaLibraryService } from './library-service';

/** How many recent turns the inspector takes from the last conversation. */
const INSPECTOR_TURNS = 8;

/** The open persona: its fields, lorebook and inspector, emotion images, and what can be done with it. */
export function PersonaDetail({
  service,
  persona,
  active,
  onSaved,
  onDeleted,
}: {
  service: PersonaLibraryService;
  persona: PersonaRecord;
  active: boolean;
  onSaved: (id: string) => void;
  onDeleted: () => void;
}) {
  const [draft, setDraft] = useState(persona);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const book = draft.lorebook ?? emptyLorebook();
  const macros = useMemo(
    () => ({ char: draft.name, nickname: draft.nickname || undefined, user: 'User' }),
    [draft.name, draft.nickname],
  );
  const dirty = draft !== persona;
  return (
    <section class="stack persona-detail" aria-labelledby="h-persona-detail">
      <h3 id="h-persona-detail">{persona.name}</h3>
      <PersonaActions
        service={service}
        personaId={persona.id}
        name={persona.name}
        active={active}
        onChanged={(id) => onSaved(id ?? persona.id)}
        onDeleted={onDeleted}
      />
      <form
        class="stack"
        aria-label={`Edit ${persona.name}`}
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const saved = await service.update(draft);
            setStatus({ error: false, text: 'Saved.' });
            onSaved(saved.id);
          } catch (error) {
            setStatus({ error: true, text: error instanceof Error ? error.message : String(error) });
          }
        }}
      >
        <PersonaForm persona={draft} onChange={setDraft} />
        <details open={book.entries.length > 0}>
          <summary>Lorebook ({book.entries.length} entries)</summary>
          <LorebookEditor book={book} onChange={(lorebook) => setDraft({ ...draft, lorebook })} />
          <h4>Activation inspector</h4>
          <LorebookInspector
            book={book}
            macros={macros}
            loadRecentTurns={() => service.recentTurns(persona.id, INSPECTOR_TURNS)}
          />
        </details>
        <div class="row">
          <button type="submit">Save {persona.name}</button>
          {dirty && <span class="muted">Unsaved changes</span>}
          {status && (
            <span class={status.error ? 'error' : 'muted'} role={status.error ? 'alert' : 'status'}>
              {status.text}
            </span>
          )}
        </div>
      </form>
      <details>
        <summary>Pictures for each feeling</summary>
        <EmotionImagesEditor service={service} personaId={persona.id} />
      </details>
    </section>
  );
}
