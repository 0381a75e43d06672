import { useEffect, useState } from 'preact/hooks';
import { getDb } from '../../lib/db/open';
import { createChatStore, type ChatStore } from '../../lib/chat/chat-store';
import { createPersonaStore, type PersonaStore } from '../../lib/persona/persona-store';
import type { PersonaRecord } from '../../lib/db/records';
import type { Settings } from '../../lib/settings/schema';
import { loadSettings, watchSettings } from '../../lib/settings/store';
import { subscribeChanges } from '../../lib/messaging/changes';
import { FirstRun } from '../onboarding/FirstRun';
import { ChatScreen } from './ChatScreen';
import { openMemoryService, type MemoryService } from '../../lib/memory/memory-service';
import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../../lib/db/schema';
import { denseStatusText, useDenseMemory } from './use-dense-memory';

interface Loaded {
  chat: ChatStore;
  personas: PersonaStore;
  settings: Settings;
  persona: PersonaRecord;
  memory: MemoryService;
  db: IDBPDatabase<HearthDB>;
  problem?: string;
}

/**
 * The side panel: opens storage, reads settings and the persona, then shows the first-run
 * screen or the chat. Settings and persona edits in the options page arrive live.
 */
export function PanelApp() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(() => {
    let stopWatching = () => {};
    let stopChanges = () => {};
    (async () => {
      const db = await getDb();
      const personas = createPersonaStore(db);
      const { settings, problem } = await loadSettings();
      const persona = await personas.get(settings.activePersonaId);
      const memory = await openMemoryService(db);
      setLoaded({ chat: createChatStore(db), personas, settings, persona, memory, db, problem });
      stopWatching = watchSettings(async (next) => {
        const nextPersona = await personas.get(next.activePersonaId);
        setLoaded((l) => l && { ...l, settings: next, persona: nextPersona });
      });
      stopChanges = subscribeChanges(async (change) => {
        if (change.topic !== 'personas') return;
        const nextPersona = await personas.get((await loadSettings()).settings.activePersonaId);
        setLoaded((l) => l && { ...l, persona: nextPersona });
      });
    })().catch((error: unknown) => setFatal(error instanceof Error ? error.message : String(error)));
    return () => {
      stopWatching();
      stopChanges();
    };
  }, []);

  useEffect(() => {
    if (loaded) document.getElementById('app')?.setAttribute('data-ready', 'true');
  }, [loaded]);

  // Dense memory search starts when the panel is idle, and follows the settings.
  const dense = useDenseMemory(
    loaded?.db ?? null,
    loaded?.memory ?? null,
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
          store={loaded.chat}
          settings={loaded.settings}
          persona={loaded.persona}
          memory={loaded.memory}
          memoryStatus={denseStatusText(dense)}
        />
      ) : (
        <FirstRun settings={loaded.settings} />
      )}
    </>
  );
}
