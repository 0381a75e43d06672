import { useEffect, useState } from 'preact/hooks';
import type { MoodClient } from '../../lib/mood/types';
import type { PersonaStore } from '../../lib/persona/persona-store';
import { MoodSection } from './MoodSection';

/** The Mood & relationship section for the active persona, as the options page places it. */
export function MoodSettings({
  client,
  personas,
  personaId,
}: {
  client: MoodClient | null;
  personas: PersonaStore;
  personaId: string;
}) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    personas.get(personaId).then(
      (p) => !gone && setName(p.name),
      // The section is still useful without the name; "The companion" stands in for it.
      () => !gone && setName('The companion'),
    );
    return () => {
      gone = true;
    };
  }, [personas, personaId]);
  if (!client) return <p class="muted">The mood service is not running, so there is nothing to show yet.</p>;
  if (name === null) return <p class="muted">Reading the mood…</p>;
  return <MoodSection client={client} personaId={personaId} personaName={name} />;
}
