import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PersonaRecord } from '../../lib/db/records';
import { EmotionImagesEditor } from './EmotionImagesEditor';
import { LorebookEditor } from './LorebookEditor';
import { LorebookInspector } from './LorebookInspector';
import { LastReplyReport } from './LastReplyReport';
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
  const [dirty, setDirty] = useState(false);
  // The stored persona changed while this was open (a lorebook dropped on it, a save elsewhere).
  const [stale, setStale] = useState(false);
  useEffect(() => {
    if (!dirty) setDraft(persona);
    else setStale(true);
    // Only a new stored version matters here, not a change of `dirty`.
  }, [persona]);
  const edit = (next: PersonaRecord) => {
    setDraft(next);
    setDirty(true);
  };
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [userName, setUserName] = useState('User');
  useEffect(() => {
    let gone = false;
    // {{user}} in keys and content reads as the user persona's name, as in the prompt.
    service.userPersona().then(
      (user) => !gone && setUserName(user.name),
      () => undefined,
    );
    return () => {
      gone = true;
    };
  }, [service]);
  const book = draft.lorebook ?? emptyLorebook();
  const macros = useMemo(
    () => ({ char: draft.name, nickname: draft.nickname || undefined, user: userName }),
    [draft.name, draft.nickname, userName],
  );
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
            setDraft(saved);
            setDirty(false);
            setStale(false);
            setStatus({ error: false, text: 'Saved.' });
            onSaved(saved.id);
          } catch (error) {
            setStatus({ error: true, text: error instanceof Error ? error.message : String(error) });
          }
        }}
      >
        <PersonaForm persona={draft} onChange={edit} />
        <details open={book.entries.length > 0}>
          <summary>Lorebook ({book.entries.length} entries)</summary>
          <LorebookEditor book={book} onChange={(lorebook) => edit({ ...draft, lorebook })} />
          <h4>Activation inspector</h4>
          <LorebookInspector
            book={book}
            macros={macros}
            loadRecentTurns={() => service.recentTurns(persona.id, INSPECTOR_TURNS)}
          />
          <h4>The last reply</h4>
          <LastReplyReport load={() => service.lastReplyReport(persona.id)} />
        </details>
        <div class="row">
          <button type="submit">Save {persona.name}</button>
          {dirty && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(persona);
                setDirty(false);
                setStale(false);
              }}
            >
              Discard changes
            </button>
          )}
          {stale && dirty && (
            <span class="muted" role="status">
              {persona.name} was changed elsewhere: saving keeps your edits over that change.
            </span>
          )}
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
