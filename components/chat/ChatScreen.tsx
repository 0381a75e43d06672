import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ChatStore } from '../../lib/chat/chat-store';
import type { PersonaRecord } from '../../lib/db/records';
import type { Settings } from '../../lib/settings/schema';
import type { ChatEngine } from '../../lib/llm/engine';
import { buildSystemPrompt } from '../../lib/persona/system-prompt';
import { useChat } from './use-chat';
import { useEngine, type EnginePhase } from './use-engine';
import { MessageList } from './MessageList';
import { Composer } from './Composer';
import { ConversationDrawer } from './ConversationDrawer';
import { memoryPromptBlock, type MemoryService } from '../../lib/memory/memory-service';
import { publishChange, subscribeChanges } from '../../lib/messaging/changes';
import { useCallback, useEffect } from 'preact/hooks';
import { useReflection } from './use-reflection';
import { CloseIcon, MenuIcon, PlusIcon, SettingsIcon } from '../ui/icons';

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

/** The side panel's chat: header, conversation drawer, messages, composer. */
export function ChatScreen({
  store,
  settings,
  persona,
  memory,
  memoryStatus,
}: {
  store: ChatStore;
  settings: Settings;
  persona: PersonaRecord;
  memory: MemoryService;
  /** A short line about memory search (loading, indexing, failed); null when all is well. */
  memoryStatus?: string | null;
}) {
  const { state: engine, retry } = useEngine(settings.engine);
  const latest = useRef<{ settings: Settings; persona: PersonaRecord; engine: ChatEngine | null }>({
    settings,
    persona,
    engine: null,
  });
  latest.current = { settings, persona, engine: engine.phase === 'ready' ? engine.engine : null };
  // Memories forgotten in another context while this panel is open: their chips go at once.
  const [forgotten, setForgotten] = useState<ReadonlySet<string>>(new Set());
  useEffect(
    () =>
      subscribeChanges(async (change) => {
        if (change.topic !== 'memories') return;
        const gone = await memory.refresh(change.ids);
        if (gone.length) setForgotten((prev) => new Set([...prev, ...gone]));
      }),
    [memory],
  );
  const { view, query, actions } = useChat(
    store,
    persona.id,
    async () => ({
      systemPrompt: buildSystemPrompt(latest.current.persona),
      temperature: latest.current.settings.generation.temperature,
      maxReplyTokens: latest.current.settings.generation.maxReplyTokens,
      recall: async (text, inPrompt) => {
        const found = await memory.recall(text, { now: Date.now(), exclude: inPrompt });
        return {
          block: memoryPromptBlock(found),
          refs: found.map((m) => ({ id: m.record.id, text: m.record.text })),
        };
      },
    }),
    (turn) => {
      // After the reply, off its path: what was said becomes memory.
      void memory
        .ingest(turn, { user: 'User', companion: latest.current.persona.name }, latest.current.engine)
        .then((ids) => ids.length && publishChange({ topic: 'memories', ids }))
        .catch((error: unknown) => console.warn('Hearth: could not store memories', error));
    },
  );
  const [drawer, setDrawer] = useState(false);
  useReflection(
    memory,
    useCallback(() => latest.current.engine, []),
    view.streamingId !== null,
  );
  const ready = engine.phase === 'ready' ? engine.engine : null;
  const streaming = view.streamingId !== null;

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
        <h1>{persona.name}</h1>
        <button
          type="button"
          class="icon"
          aria-label="New chat"
          title="New chat"
          onClick={() => void actions.newConversation()}
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
          query={query}
          onQuery={actions.setQuery}
          onOpen={(id) => void actions.open(id)}
          onNew={() => void actions.newConversation().then(() => setDrawer(false))}
          onRename={(id, title) => void actions.rename(id, title)}
          onDelete={(id) => void actions.remove(id)}
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
            onClick={actions.dismissNotice}
          >
            <CloseIcon />
          </button>
        </div>
      )}
      <MessageList
        messages={view.messages}
        hasOlder={view.hasOlder}
        streamingId={view.streamingId}
        personaName={persona.name}
        greeting={persona.greeting}
        forgotten={forgotten}
        onLoadOlder={actions.loadOlder}
        onRegenerate={() => ready && void actions.regenerate(ready)}
        onEdit={(id, text) => ready && void actions.editAndResend(ready, id, text)}
      />
      <Composer
        disabled={!ready}
        disabledReason={
          engine.phase === 'loading' ? 'The model is loading…' : 'Choose an engine to start talking'
        }
        streaming={streaming}
        enterSends={settings.enterSends}
        onSend={(text) => ready && void actions.send(ready, text)}
        onStop={actions.stop}
      />
    </div>
  );
}
