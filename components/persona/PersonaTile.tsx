import { useEffect, useState } from 'preact/hooks';
import type { PersonaRecord } from '../../lib/db/records';
import type { PersonaLibraryService } from './library-service';
import { useBlobUrl } from './use-blob-url';

/** A persona in the library: its picture (or its initial) and its name, as text. */
export function PersonaTile({
  service,
  persona,
  active,
  selected,
  revision,
  onOpen,
}: {
  service: PersonaLibraryService;
  persona: PersonaRecord;
  active: boolean;
  selected: boolean;
  /** Changes when the pictures may have changed. */
  revision: number;
  onOpen: () => void;
}) {
  const [avatar, setAvatar] = useState<Blob | null>(null);
  useEffect(() => {
    let gone = false;
    // A picture that cannot be read leaves the initial in its place; the name still shows.
    service.avatar(persona.id).then(
      (blob) => !gone && setAvatar(blob),
      () => !gone && setAvatar(null),
    );
    return () => {
      gone = true;
    };
  }, [service, persona.id, revision]);
  const url = useBlobUrl(avatar);
  const initial = [...persona.name.trim()][0]?.toUpperCase() ?? '?';
  return (
    <button
      type="button"
      class={active ? 'persona-tile card card-active' : 'persona-tile card'}
      aria-pressed={selected}
      aria-label={active ? `${persona.name} (active)` : persona.name}
      onClick={onOpen}
    >
      <span class="persona-picture" aria-hidden="true">
        {url ? <img src={url} alt="" /> : <span class="persona-initial">{initial}</span>}
      </span>
      <span class="persona-name">{persona.name}</span>
      {active && <span class="badge">Active</span>}
    </button>
  );
}
