import { useCallback, useEffect, useState } from 'preact/hooks';
import './persona.css';
import type { PersonaRecord } from '../../lib/db/records';
import { publishChange } from '../../lib/messaging/changes';
import { CardImport } from './CardImport';
import { PersonaDetail } from './PersonaDetail';
import { PersonaTile } from './PersonaTile';
import { UserPersonaEditor } from './UserPersonaEditor';
import { mergeLorebooks } from './import-files';
import type { PersonaLibraryService } from './library-service';

/**
 * The persona library: every persona as a card with its picture and name, the active one
 * marked; create, import (file picker or drop), and the open persona's editor with its
 * lorebook, inspector, emotion images, export, duplicate and delete. The user persona below.
 */
export function PersonaLibrary({ service }: { service: PersonaLibraryService }) {
  const [personas, setPersonas] = useState<PersonaRecord[] | null>(null);
  const [activeId, setActiveId] = useState<string>('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Bumped whenever pictures may have changed, so tiles read them again.
  const [revision, setRevision] = useState(0);

  const reload = useCallback(
    async (select?: string | null) => {
      try {
        const [list, active] = await Promise.all([service.list(), service.activeId()]);
        setPersonas(list);
        setActiveId(active);
        setRevision((r) => r + 1);
        if (select !== undefined) setSelectedId(select);
        publishChange({ topic: 'personas', ids: list.map((p) => p.id) });
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
      }
    },
    [service],
  );
  useEffect(() => void reload(), [reload]);

  if (!personas) return problem ? <p class="error">{problem}</p> : <p class="muted">Loading…</p>;
  const selected = personas.find((p) => p.id === selectedId) ?? null;
  const target = selected ?? personas.find((p) => p.id === activeId) ?? null;

  return (
    <div class="stack persona-library">
      <ul class="persona-grid" aria-label="Personas">
        {personas.map((persona) => (
          <li key={persona.id}>
            <PersonaTile
              service={service}
              persona={persona}
              active={persona.id === activeId}
              selected={persona.id === selectedId}
              revision={revision}
              onOpen={() => setSelectedId(persona.id)}
            />
          </li>
        ))}
      </ul>
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            try {
              const made = await service.create('New persona');
              await reload(made.id);
            } catch (error) {
              setProblem(error instanceof Error ? error.message : String(error));
            }
          }}
        >
          New persona
        </button>
      </div>
      <CardImport
        service={service}
        onImported={(id) => void reload(id)}
        lorebookTarget={
          target && {
            name: target.name,
            add: async (book) => {
              await service.update({ ...target, lorebook: mergeLorebooks(target.lorebook, book) });
              await reload(target.id);
            },
          }
        }
      />
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {selected && (
        <PersonaDetail
          key={selected.id}
          service={service}
          persona={selected}
          active={selected.id === activeId}
          onSaved={(id) => void reload(id)}
          onDeleted={() => void reload(null)}
        />
      )}
      <section class="stack" aria-labelledby="h-user-persona">
        <h3 id="h-user-persona">You</h3>
        <UserPersonaEditor service={service} />
      </section>
    </div>
  );
}
