import type { MessageRecord, PersonaRecord } from '../db/records';
import type { ChatStore } from '../chat/chat-store';
import { HISTORY_LOOKBACK, streamReply, type ShownMessage } from '../chat/chat-turn';
import { messageLengthProblem } from '../chat/message-limits';
import type { ChatEngine } from '../llm/engine';
import type { PromptSlot } from '../llm/prompt-assembly';
import { createTokenCounter, type TokenCounter } from '../llm/token-counter';
import type { MemoryService } from '../memory/memory-service';
import type { Change, ChangeChannel } from '../messaging/changes';
import type { Settings } from '../settings/schema';
import { createConversationActions } from './conversation-actions';
import { createProgressBatcher } from './progress-batcher';
import type { Clock } from './ports';
import { retractMessages } from './retraction';
import { buildTurnPrompt } from './turn-prompt';
import { moodForTurn, type AppraiseHook } from './turn-mood';
import { rememberTurn } from './remember-turn';
import { turnMoodContext } from '../mood/mood-words';
import { GREETING_ENGINE, personaOfConversation } from './conversation-persona';
import { initialChatState, type ChatState } from './chat-state';

/** Messages the panel shows at first and adds per "show earlier". */
export const PAGE_SIZE = 60;

export type { ChatState } from './chat-state';

/**
 * Extension points of the turn: appraisal (the background's mood/appraise) runs on the
 * user's message before recall, so the reply already reflects the mood after it, and
 * lightly on the reply; events (the outbox issue) receive the finished turn.
 */
export interface TurnHooks {
  appraise?: AppraiseHook;
  emit?: (turn: { user: MessageRecord; reply: ShownMessage }) => void;
  /** The page the user asked about, as the prompt's `page` slot (lib/context/page-prompt-source.ts). */
  page?: (roomTokens: number) => Promise<PromptSlot | null>;
}

/** What a chat session is made from. */
export interface ChatSessionDeps {
  chat: ChatStore;
  memory: MemoryService;
  /** The active persona (new conversations get it) and the settings as they are now (they change while the panel is open). */
  persona: () => PersonaRecord;
  /** A conversation's persona by id; absent, every conversation uses the active persona. */
  personaFor?: (personaId: string) => Promise<PersonaRecord>;
  settings: () => Settings;
  /** The loaded engine, or null while none is ready. */
  engine: () => ChatEngine | null;
  clock: Clock;
  changes: ChangeChannel;
  /** Runs `render` soon: a reply's chunks are shown in batches, not one state per chunk. */
  frame?: (render: () => void) => void;
  /** Everything was wiped in another context: the owner drops this session and starts fresh. */
  onWipe?: () => void;
  /** Called when a turn ends, for the reflection schedule's idleness. */
  onTurnEnd?: () => void;
  hooks?: TurnHooks;
}

/** The panel's chat: state to render and the actions the user takes. */
export type ChatSession = ReturnType<typeof createChatSession>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the chat session: one companion turn, and the conversation around it. */
export function createChatSession(deps: ChatSessionDeps) {
  const frame = deps.frame ?? ((render) => void setTimeout(render, 32));
  const listeners = new Set<(state: ChatState) => void>();
  let state: ChatState = initialChatState();

  let abort: AbortController | null = null;
  let counter: { engine: ChatEngine; counter: TokenCounter } | null = null;
  let stopChanges = () => {};
  let running: Promise<unknown> = Promise.resolve();

  function set(patch: Partial<ChatState>) {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  }
  const fail = (error: unknown) => set({ notice: errorText(error) });
  const announce = (conversationId: string) => {
    deps.changes.publish({ topic: 'messages', conversationId });
    deps.changes.publish({ topic: 'conversations', ids: [conversationId] });
  };

  const conversations = createConversationActions({ deps, get: () => state, set, fail, pageSize: PAGE_SIZE });

  function counterFor(engine: ChatEngine): TokenCounter {
    if (counter?.engine !== engine) counter = { engine, counter: createTokenCounter(engine) };
    return counter.counter;
  }

  /** Places the streaming reply in the open conversation (batched by the caller). */
  const place = (conversationId: string) => (message: ShownMessage) => {
    if (state.activeId !== conversationId) return;
    const others = state.messages.filter((m) => m.id !== message.id);
    set({ messages: [...others, message], streamingId: message.id });
  };

  /**
   * One companion turn, on the conversation as stored (its last message is the user's):
   * user text → appraisal → recall → prompt assembly → engine stream → store → memory
   * ingestion → events.
   */
  async function turn(conversationId: string, engine: ChatEngine): Promise<ShownMessage> {
    const controller = new AbortController();
    abort = controller;
    // Busy from the first step (recall, prompt), not from the first token: Stop works at once.
    set({ busy: true });
    const progress = createProgressBatcher(place(conversationId), frame);
    try {
      // The conversation's own persona, not whichever is active now.
      const persona = await personaOfConversation(deps, conversationId);
      const { history, user, mood, care } = await moodForTurn({
        hook: deps.hooks?.appraise,
        chat: deps.chat,
        conversationId,
        personaId: persona.id,
        stored: (await deps.chat.getMessages(conversationId, { limit: HISTORY_LOOKBACK })).filter(
          (m) => m.status !== 'error' || m.content.length > 0,
        ),
        showCare: (shown) =>
          state.activeId === conversationId && set({ messages: [...state.messages, shown] }),
      });
      const settings = deps.settings();
      const now = deps.clock.now();
      const { prompt, chips, lore } = await buildTurnPrompt({
        engine,
        counter: counterFor(engine),
        memory: deps.memory,
        persona,
        user: settings.userPersona,
        conversationId,
        maxReplyTokens: settings.generation.maxReplyTokens,
        now,
        history,
        mood: turnMoodContext(mood, { now, care }),
        page: deps.hooks?.page,
      });
      const reply = await streamReply({
        store: deps.chat,
        engine,
        conversationId,
        prompt: prompt.messages,
        memories: chips,
        ...(lore ? { lorebook: lore } : {}),
        temperature: settings.generation.temperature,
        maxReplyTokens: settings.generation.maxReplyTokens,
        signal: controller.signal,
        onProgress: progress.push,
        now: deps.clock.now,
      });
      progress.final(reply);
      rememberTurn(deps, { user, reply, engine, mood, persona });
      if (user) deps.hooks?.emit?.({ user, reply });
      return reply;
    } finally {
      abort = null;
      set({ streamingId: null, busy: false });
      deps.onTurnEnd?.();
      await conversations.refreshList().catch(fail);
      announce(conversationId);
    }
  }

  /** Takes back what was learned from messages that no longer exist. */
  async function retract(messageIds: string[]) {
    const { forgotten, trimmed, reopened } = await retractMessages(deps.memory.store, messageIds);
    const changed = [...forgotten, ...trimmed, ...reopened];
    if (changed.length === 0) return;
    await deps.memory.refresh(changed);
    deps.changes.publish({ topic: 'memories', ids: changed });
  }

  async function onChange(change: Change) {
    switch (change.topic) {
      case 'wipe':
        abort?.abort();
        stopChanges();
        deps.onWipe?.();
        return;
      case 'conversations':
        return conversations.followList();
      case 'personas':
        return conversations.followPersona();
      case 'messages':
        if (change.conversationId === state.activeId && !abort) await conversations.open(state.activeId);
        return;
      case 'memories': {
        const gone = await deps.memory.refresh(change.ids);
        if (gone.length) set({ forgotten: new Set([...state.forgotten, ...gone]) });
        return;
      }
    }
  }

  const ready = (): ChatEngine | null => (abort ? null : deps.engine());

  return {
    get state(): ChatState {
      return state;
    },
    subscribe(listener: (state: ChatState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Loads the conversation list, opens the newest and follows other contexts' changes. */
    async start(): Promise<void> {
      stopChanges = deps.changes.subscribe((change) => void onChange(change).catch(fail));
      const list = await conversations.refreshList();
      if (!state.activeId) await conversations.open(list[0]?.id ?? null);
    },
    /** Resolves when the turn in progress (if any) has ended. */
    settled: (): Promise<unknown> => running,
    dispose() {
      abort?.abort();
      stopChanges();
      listeners.clear();
    },

    ...conversations.actions,
    dismissNotice: () => set({ notice: null }),
    stop: () => abort?.abort(),

    /**
     * Sends the user's message and runs the turn. Resolves true once the message is
     * safely stored (the composer may clear then), false when it was not.
     */
    async send(text: string): Promise<boolean> {
      const content = text.trim();
      const engine = ready();
      if (!content || !engine) return false;
      const tooLong = messageLengthProblem(content);
      if (tooLong) {
        set({ notice: tooLong }); // the composer keeps the text, to shorten
        return false;
      }
      let stored: MessageRecord;
      try {
        const id = state.activeId ?? (await conversations.create()).id;
        await conversations.openWithGreeting(id);
        stored = await deps.chat.addMessage({
          conversationId: id,
          role: 'user',
          content,
          status: 'complete',
        });
        set({ messages: [...state.messages, stored] });
      } catch (error) {
        fail(error);
        return false;
      }
      running = turn(stored.conversationId, engine).catch(fail);
      return true;
    },

    /** Replaces the last reply with a new one; what was learned from the old one is taken back. */
    async regenerate(): Promise<void> {
      const id = state.activeId;
      const last = state.messages.at(-1);
      const engine = ready();
      if (!id || !last || last.role !== 'assistant' || last.engine === GREETING_ENGINE || !engine) return;
      try {
        const removed = await deps.chat.deleteMessagesFrom(id, last.seq);
        set({ messages: state.messages.filter((m) => m.seq < last.seq) });
        await retract(removed);
        await turn(id, engine);
      } catch (error) {
        fail(error);
      }
    },

    /** Changes a user message, drops what followed, takes back what was learned from it, and answers again. */
    async editAndResend(messageId: string, text: string): Promise<void> {
      const id = state.activeId;
      const engine = ready();
      if (!id || !engine) return;
      const tooLong = messageLengthProblem(text.trim());
      if (tooLong) {
        set({ notice: tooLong });
        return;
      }
      try {
        const { edited, removed } = await deps.chat.editAndTruncate(messageId, text.trim());
        set({ messages: [...state.messages.filter((m) => m.seq < edited.seq), edited] });
        await retract([messageId, ...removed]);
        await turn(id, engine);
      } catch (error) {
        fail(error);
      }
    },
  };
}
