import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MoodClient, MoodView, RelationshipView } from '../../lib/mood/types';

/** The mood and relationship as last read, or the error that stopped reading them. */
export interface MoodState {
  current: { mood: MoodView; relationship: RelationshipView } | null;
  error: string | null;
  /** Reads again now (after an action of this page's own). */
  refresh: () => void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads the persona's mood and relationship and reads them again on every change the client
 * reports. Answers that arrive out of order are dropped: only the latest read is shown.
 */
export function useMood(client: MoodClient | null, personaId: string): MoodState {
  const [current, setCurrent] = useState<MoodState['current']>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const refresh = useCallback(() => {
    if (!client) return;
    const ticket = ++latest.current;
    client.current(personaId).then(
      (value) => {
        if (ticket !== latest.current) return;
        setCurrent(value);
        setError(null);
      },
      (reason: unknown) => ticket === latest.current && setError(message(reason)),
    );
  }, [client, personaId]);
  useEffect(() => {
    setCurrent(null);
    if (!client) return;
    refresh();
    const stop = client.subscribe(refresh);
    return () => {
      latest.current++; // a read still on its way belongs to the old client or persona
      stop();
    };
  }, [client, refresh]);
  return { current, error, refresh };
}

const REDUCE = '(prefers-reduced-motion: reduce)';

/** Whether the person asked the system for less motion; follows changes to the setting. */
export function usePrefersReducedMotion(): boolean {
  // One live query per mount: matchMedia's list updates itself and fires 'change'.
  const query = useMemo(
    () => (typeof window.matchMedia === 'function' ? window.matchMedia(REDUCE) : null),
    [],
  );
  const [reduce, setReduce] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const update = () => setReduce(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [query]);
  return reduce;
}
