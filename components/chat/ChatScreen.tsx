import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PersonaRecord } from '../../lib/db/records';
import type { Settings } from '../../lib/settings/schema';
import type { ChatEngine } from '../../lib/llm/engine';
import { createChatSession } from '../../lib/companion/chat-session';
import { createMoodClient } from '../../lib/mood/mood-client';
import { createReflectionScheduler } from '../../lib/companion/reflection-scheduler';
import type { PanelServices } from '../../lib/companion/panel-services';
import { systemClock } from '../../lib/companion/ports';
import { localArea, runtimeTransport } from '../../lib/companion/browser-ports';
import { broadcastChanges } from '../../lib/messaging/changes';
import { useChatState } from './use-chat';
import { useEngine, type EnginePhase } from './use-engine';
import { MessageList } from './MessageList';
import { Composer } from './Composer';
import { ConversationDrawer } from './ConversationDrawer';
import { useReflection } from './use-reflection';
import { CloseIcon, MenuIcon, PlusIcon, SettingsIcon } from '../ui/icons';
import type { MoodClient } from '../../lib/mood/types';
import { Avatar } from '../mood/Avatar';
import { useVoice } from '../voice/use-voice';
import { VoiceBar } from '../voice/VoiceBar';
import { useImagine } from '../images/use-imagine';
import { ImagineBar } from '../images/ImagineBar';
import { ImagesContext } from '../images/images-context';
import { createPageCommentWriter } from '../../lib/page/page-comment-writer';
import { request } from '../../lib/messaging/client';
import { PageCommentContext } from './PageComment';
import { usePageComments } from './PageCommentPoller';
import { PersonaPicker } from './PersonaPicker';
import { usePersonas } from './use-personas';
import { PageBar } from '../privacy/PageBar';
import { createPagePromptSource } from '../../lib/context/page-prompt-source';

function EngineStatus({ state, onRetry }: { state: EnginePhase; onRetry: () => void }) {
  switch (state.phase) {
    case 'unconfigured':
      return (
        <p class="engine-status" role="status">
          No model chosen yet.{' '}
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            Choose an engine
          </button>
        </p>
      );
    case 'loading':
      return (
        <div class="engine-status" role="status">
          <span>{state.progress?.text ?? 'Loading the model…'}</span>
          {state.progress && <progress aria-label="Model loading" max={1} value={state.progress.fraction} />}
        </div>
      );
    case 'error':
      return (
        <div class="engine-status error" role="alert">
          {state.message}{' '}
          <button type="button" class="link" onClick={onRetry}>
            Try again
          </button>{' '}
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            Change engine
          </button>
        </div>
      );
    case 'ready':
      return (
        <p class="engine-status muted" data-testid="engine-ready">
          {state.model}
        </p>
      );
  }
}

/** The side panel's chat: header, conversation drawer, messages, composer. It renders the chat session's state and calls it. */
export function ChatScreen({
  services,
  settings,
  persona,
  mood,
  memoryStatus,
  onWipe,
}: {
  services: PanelServices;
  settings: Settings;
  persona: PersonaRecord;
  /** The mood service; the header shows the persona's face when there is one. */
  mood?: MoodClient | null;
  /** A short line about memory search (loading, indexing, failed); null when all is well. */
  memoryStatus?: string | null;
  /** Everything was wiped in another context: the panel starts fresh. */
  onWipe: () => void;
}) {
  const { state: engine, retry } = useEngine(settings.engine);
  const latest = useRef<{ settings: Settings; persona: PersonaRecord; engine: ChatEngine | null }>({
    settings,
    persona,
    engine: null,
  });
  latest.current = { settings, persona, engine: engine.phase === 'ready' ? engine.engine : null };
  // "Ask Hearth about this page": the page the user asked about goes into the next turn.
  const pageSource = useMemo(
    () => createPagePromptSource({ transport: runtimeTransport, changes: broadcastChanges }),
    [],
  );
  const { session, reflection } = useMemo(() => {
    let busy = false;
    const reflection = createReflectionScheduler({
      memory: services.memory,
      engine: () => latest.current.engine,
      busy: () => busy,
      storage: localArea,
      clock: systemClock,
      changes: broadcastChanges,
    });
    const session = createChatSession({
      chat: services.chat,
      memory: services.memory,
      persona: () => latest.current.persona,
      // Each conversation answers as its own persona (a deleted one resolves to another).
      personaFor: (id) => services.personaService.resolve(id),
      settings: () => latest.current.settings,
      engine: () => latest.current.engine,
      clock: systemClock,
      changes: broadcastChanges,
      // The session's default batching (a timer) rather than requestAnimationFrame, which a
      // hidden panel never runs.
      onWipe,
      onTurnEnd: () => reflection.noteActivity(),
      // The background appraises each message and answers the mood the reply reflects.
      hooks: {
        appraise: createMoodClient(runtimeTransport, broadcastChanges).appraise,
        page: pageSource.slot,
      },
    });
    session.subscribe((s) => (busy = s.busy));
    return { session, reflection };
  }, [services]);
  useEffect(() => {
    void session.start().catch((error: unknown) => console.warn('Hearth: chat could not start', error));
    return () => session.dispose();
  }, [session]);
  useReflection(reflection);
  // Replies read aloud (issue 11): a subscriber to the session, silenced by Stop and new messages.
  const voice = useVoice(session, settings, persona, mood);
  // `/imagine …` makes a picture instead of a reply (issue 11).
  const imagining = useImagine(session, services, settings, persona, mood);
  // Page comments (lib/page): written here, only while the panel is open.
  const pageWriter = useMemo(
    () =>
      createPageCommentWriter({
        chat: services.chat,
        memory: services.memory,
        persona: () => latest.current.persona,
        settings: () => latest.current.settings,
        engine: () => latest.current.engine,
        now: systemClock.now,
        mood: (personaId) => createMoodClient(runtimeTransport, broadcastChanges).current(personaId),
        page: (tabId) => request(runtimeTransport, 'page/current', { tabId }),
      }),
    [services],
  );
  const reactToPageComment = usePageComments({
    session,
    chat: services.chat,
    writer: pageWriter,
    personaId: () => latest.current.persona.id,
    enabled: settings.comments.enabled,
    engineReady: engine.phase === 'ready',
  });
  const view = useChatState(session);
  const [drawer, setDrawer] = useState(false);
  const personas = usePersonas(services.personaService);
  // The active persona changed or was edited: the empty chat's greetings follow it.
  useEffect(() => void session.refreshPersona(), [session, persona]);
  const [picking, setPicking] = useState(false);
  // The open conversation's persona, not the active one: an older chat keeps its own. With
  // none open, the active persona as the panel last read it (it follows the options page).
  const shown = view.activeId && view.persona ? view.persona : persona;
  /** A new chat asks which persona when there is more than one. */
  const startNew = () => {
    if (personas.length > 1) setPicking(true);
    else void session.newConversation();
  };
  const ready = engine.phase === 'ready';
  const streaming = view.busy;

  return (
    <div class="chat">
      <header class="chat-header">
        <button
          type="button"
          class="icon"
          aria-label="Conversations"
          title="Conversations"
          aria-expanded={drawer}
          onClick={() => setDrawer(!drawer)}
        >
          <MenuIcon />
        </button>
        {mood && <Avatar client={mood} personaId={shown.id} personaName={shown.name} />}
        <h1>{shown.name}</h1>
        <button
          type="button"
          class="icon"
          aria-label="New chat"
          title="New chat"
          aria-expanded={personas.length > 1 ? picking : undefined}
          onClick={startNew}
        >
          <PlusIcon />
        </button>
        <button
          type="button"
          class="icon"
          aria-label="Settings"
          title="Settings"
          onClick={() => void browser.runtime.openOptionsPage()}
        >
          <SettingsIcon />
        </button>
      </header>
      {picking && (
        <PersonaPicker
          personas={personas}
          activeId={persona.id}
          onPick={(id) => {
            setPicking(false);
            setDrawer(false);
            void session.newConversation(id);
          }}
          onClose={() => setPicking(false)}
        />
      )}
      <EngineStatus state={engine} onRetry={retry} />
      {memoryStatus && (
        <p class="engine-status muted" data-testid="memory-status">
          {memoryStatus}
        </p>
      )}
      {drawer && (
        <ConversationDrawer
          conversations={view.conversations}
          activeId={view.activeId}
          query={view.query}
          undo={view.undo}
          onQuery={(q) => void session.setQuery(q)}
          onOpen={(id) => void session.open(id)}
          onNew={() =>
            personas.length > 1
              ? setPicking(true)
              : void session.newConversation().then(() => setDrawer(false))
          }
          onRename={(id, title) => void session.rename(id, title)}
          onDelete={(id, forget) => void session.remove(id, { forget })}
          onUndo={() => void session.undoRemove()}
          onClose={() => setDrawer(false)}
        />
      )}
      {view.notice && (
        <div class="notice error" role="alert">
          {view.notice}
          <button
            type="button"
            class="icon"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={session.dismissNotice}
          >
            <CloseIcon />
          </button>
        </div>
      )}
      <ImagesContext.Provider value={services.images}>
        <PageCommentContext.Provider value={reactToPageComment}>
          <MessageList
            messages={view.messages}
            hasOlder={view.hasOlder}
            streamingId={view.streamingId}
            personaName={shown.name}
            greetings={view.greetings}
            greetingIndex={view.greetingIndex}
            onSwipeGreeting={session.swipeGreeting}
            forgotten={view.forgotten}
            onLoadOlder={session.loadOlder}
            onRegenerate={() => void session.regenerate()}
            onEdit={(id, text) => void session.editAndResend(id, text)}
          />
        </PageCommentContext.Provider>
      </ImagesContext.Provider>
      <VoiceBar voice={voice} />
      <ImagineBar imagining={imagining} />
      <PageBar source={pageSource} />
      <Composer
        disabled={!ready}
        disabledReason={
          engine.phase === 'loading' ? 'The model is loading…' : 'Choose an engine to start talking'
        }
        streaming={streaming}
        enterSends={settings.enterSends}
        onSend={(text) => {
          voice.interrupt();
          return imagining.send(text) ?? session.send(text);
        }}
        onStop={() => {
          session.stop();
          voice.interrupt();
        }}
        talk={{ input: settings.voice.input, onStart: voice.interrupt }}
      />
    </div>
  );
}
