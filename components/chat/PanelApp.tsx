import { useContext, useEffect, useState } from 'preact/hooks';
import type { PersonaRecord } from '../../lib/db/records';
import type { Settings } from '../../lib/settings/schema';
import { loadSettings, watchSettings } from '../../lib/settings/store';
import { subscribeChanges } from '../../lib/messaging/changes';
import { openPanelServices, type PanelServices } from '../../lib/companion/panel-services';
import { FirstRun } from '../onboarding/FirstRun';
import { ChatScreen } from './ChatScreen';
import { MoodClientContext } from '../mood/mood-context';
import { denseStatusText, useDenseMemory } from './use-dense-memory';

interface Loaded {
  services: PanelServices;
  settings: Settings;
  persona: PersonaRecord;
  problem?: string;
}

/**
 * The side panel: opens the panel's services, reads settings and the persona, then shows
 * the first-run screen or the chat. Settings and persona edits arrive live. After a wipe
 * elsewhere, or if the database goes away under it, the panel drops everything it holds
 * and opens again from scratch rather than writing into what was erased.
 */
export function PanelApp() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const mood = useContext(MoodClientContext);

  useEffect(() => {
    let stopWatching = () => {};
    let stopChanges = () => {};
    let closed = false;
    let services: PanelServices | null = null;
    const restart = () => {
      if (closed) return;
      closed = true;
      setLoaded(null);
      void services?.close().finally(() => setGeneration((n) => n + 1));
    };
    (async () => {
      services = await openPanelServices();
      services.onLost(restart);
      const { settings, problem } = await loadSettings();
      const persona = await services.personas.get(settings.activePersonaId);
      if (closed) return;
      const opened = services;
      setLoaded({ services: opened, settings, persona, problem });
      stopWatching = watchSettings(async (next) => {
        const nextPersona = await opened.personas.get(next.activePersonaId);
        setLoaded((l) => l && { ...l, settings: next, persona: nextPersona });
      });
      stopChanges = subscribeChanges(async (change) => {
        if (change.topic === 'wipe') return restart();
        if (change.topic !== 'personas') return;
        const nextPersona = await opened.personas.get((await loadSettings()).settings.activePersonaId);
        setLoaded((l) => l && { ...l, persona: nextPersona });
      });
    })().catch((error: unknown) => setFatal(error instanceof Error ? error.message : String(error)));
    return () => {
      closed = true;
      stopWatching();
      stopChanges();
    };
  }, [generation]);

  useEffect(() => {
    const app = document.getElementById('app');
    if (loaded) app?.setAttribute('data-ready', 'true');
    else app?.removeAttribute('data-ready');
  }, [loaded]);

  // Dense memory search starts when the panel is idle, and follows the settings.
  const dense = useDenseMemory(
    loaded?.services ?? null,
    loaded?.settings.onboarded ? loaded.settings.memory : null,
  );
  useEffect(() => {
    const app = document.getElementById('app');
    if (dense) app?.setAttribute('data-memory-search', dense.phase);
    else app?.removeAttribute('data-memory-search');
  }, [dense]);

  if (fatal) {
    return (
      <main class="first-run">
        <div role="alert">
          <h1>Hearth can't open its storage</h1>
          <p>{fatal}</p>
        </div>
      </main>
    );
  }
  if (!loaded) return <p class="muted loading">Opening Hearth…</p>;
  return (
    <>
      {loaded.problem && (
        <div class="notice" role="alert">
          {loaded.problem}
        </div>
      )}
      {loaded.settings.onboarded ? (
        <ChatScreen
          key={generation}
          services={loaded.services}
          settings={loaded.settings}
          persona={loaded.persona}
          mood={mood}
          memoryStatus={denseStatusText(dense)}
          onWipe={() => undefined}
        />
      ) : (
        <FirstRun settings={loaded.settings} />
      )}
    </>
  );
}
