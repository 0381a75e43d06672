import { useEffect, useState } from 'preact/hooks';
import type { PersonaRecord } from '../../lib/db/records';
import type { PersonaService } from '../../lib/persona/persona-service';
import { subscribeChanges } from '../../lib/messaging/changes';

/** Every persona, following edits made in other contexts (the options page's library). */
export function usePersonas(service: PersonaService): PersonaRecord[] {
  const [personas, setPersonas] = useState<PersonaRecord[]>([]);
  useEffect(() => {
    let live = true;
    const load = () =>
      service.list().then(
        (list) => live && setPersonas(list),
        (error: unknown) => console.warn('Hearth: personas could not be listed', error),
      );
    void load();
    const stop = subscribeChanges((change) => {
      if (change.topic === 'personas' || change.topic === 'wipe') void load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [service]);
  return personas;
}
