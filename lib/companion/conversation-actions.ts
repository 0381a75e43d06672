import type { ConversationRecord, MessageRecord } from '../db/records';
import type { ChatSessionDeps, ChatState } from './chat-session';
import { retractMessages, undoRetraction, type Retraction } from './retraction';
import { GREETING_ENGINE, greetingsOf, personaOfConversation } from './conversation-persona';

/** A deleted conversation, kept until the next deletion so it can be brought back. */
interface Deleted {
  conversation: ConversationRecord;
  messages: MessageRecord[];
  retraction: Retraction | null;
}

/**
 * The conversation list and the open conversation of a chat session: list, search, open,
 * new, rename, delete (optionally forgetting what was learned from it, with undo), and
 * paging back through older messages.
 */
export function createConversationActions(o: {
  deps: Pick<
    ChatSessionDeps,
    'chat' | 'memory' | 'persona' | 'personaFor' | 'settings' | 'clock' | 'changes'
  >;
  get: () => ChatState;
  set: (patch: Partial<ChatState>) => void;
  fail: (error: unknown) => void;
  pageSize: number;
}) {
  const { chat } = o.deps;
  let opening: string | null = null;
  let deleted: Deleted | null = null;

  async function refreshList(): Promise<ConversationRecord[]> {
    const query = o.get().query;
    const conversations = query ? await chat.searchConversations(query) : await chat.listConversations();
    o.set({ conversations });
    return conversations;
  }

  /** The open conversation's persona, and its greetings while nothing has been said. */
  async function personaState(id: string | null, empty: boolean) {
    const persona = await personaOfConversation(o.deps, id);
    const user = o.deps.settings().userPersona;
    const greetings = empty ? greetingsOf(persona, user, id, o.deps.clock.now()) : [];
    return { persona, greetings, greetingIndex: 0 };
  }

  async function open(id: string | null): Promise<void> {
    opening = id;
    if (!id) {
      const shown = await personaState(null, true);
      if (opening !== id) return;
      return o.set({ activeId: null, messages: [], hasOlder: false, ...shown });
    }
    const messages = await chat.getMessages(id, { limit: o.pageSize });
    const shown = await personaState(id, messages.length === 0);
    if (opening !== id) return; // another conversation was opened meanwhile
    o.set({ activeId: id, messages, hasOlder: (messages[0]?.seq ?? 0) > 0, ...shown });
  }

  /** A new conversation with `personaId` (the active persona when not given). */
  async function create(personaId?: string): Promise<ConversationRecord> {
    const created = await chat.createConversation(personaId ?? o.deps.persona().id);
    await refreshList();
    await open(created.id);
    o.deps.changes.publish({ topic: 'conversations', ids: [created.id] });
    return created;
  }

  /** A persona was edited (or deleted): show the open conversation's persona as it is now. */
  async function followPersona() {
    const { activeId, messages, greetingIndex, greetings } = o.get();
    const shown = await personaState(activeId, messages.length === 0);
    const keep = shown.greetings.length === greetings.length ? greetingIndex : 0;
    if (o.get().activeId === activeId) o.set({ ...shown, greetingIndex: keep });
  }

  const guarded =
    <A extends unknown[]>(work: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      try {
        await work(...args);
      } catch (error) {
        o.fail(error);
      }
    };

  async function forgetLearned(messageIds: string[]): Promise<Retraction> {
    const retraction = await retractMessages(o.deps.memory.store, messageIds);
    const changed = [...retraction.forgotten, ...retraction.trimmed, ...retraction.reopened];
    if (changed.length) {
      await o.deps.memory.refresh(changed);
      o.deps.changes.publish({ topic: 'memories', ids: changed });
    }
    return retraction;
  }

  return {
    refreshList,
    open,
    create,
    /** Before the user's first message: stores the greeting they chose, which opens the conversation. */
    async openWithGreeting(id: string) {
      const { messages, hasOlder, greetings, greetingIndex } = o.get();
      const greeting = messages.length === 0 && !hasOlder ? greetings[greetingIndex] : undefined;
      if (!greeting) return;
      const opened = await chat.addMessage({
        conversationId: id,
        role: 'assistant',
        content: greeting,
        status: 'complete',
        engine: GREETING_ENGINE,
        greetingIndex,
      });
      o.set({ messages: [opened], greetings: [] });
    },
    followPersona,
    /** Another context changed the list: follow it, and leave a conversation that is gone. */
    async followList() {
      const list = await refreshList();
      const active = o.get().activeId;
      if (active && !list.some((c) => c.id === active)) await open(list[0]?.id ?? null);
    },
    actions: {
      setQuery: guarded(async (query: string) => {
        o.set({ query });
        await refreshList();
      }),
      open: guarded(open),
      /** Starts a conversation with a persona (the active one when not given). */
      newConversation: guarded((personaId?: string) => create(personaId)),
      /** Shows the persona as it is now (after an edit, or when the active persona changed). */
      refreshPersona: guarded(followPersona),
      /** Shows the next (1) or previous (-1) greeting, before the first message. */
      swipeGreeting: (step: 1 | -1) => {
        const { greetings, greetingIndex, messages } = o.get();
        if (messages.length > 0 || greetings.length < 2) return;
        o.set({ greetingIndex: (greetingIndex + step + greetings.length) % greetings.length });
      },
      rename: guarded(async (id: string, title: string) => {
        await chat.renameConversation(id, title);
        await refreshList();
        o.deps.changes.publish({ topic: 'conversations', ids: [id] });
      }),
      /** Deletes a conversation; with `forget`, also what was learned only from it. Undoable. */
      remove: guarded(async (id: string, options: { forget: boolean } = { forget: true }) => {
        const conversation = await chat.getConversation(id);
        if (!conversation) return;
        const messages = await chat.allMessages(id);
        await chat.deleteConversation(id);
        const retraction = options.forget ? await forgetLearned(messages.map((m) => m.id)) : null;
        deleted = { conversation, messages, retraction };
        // Offered once everything is done, so undo puts back all of it.
        o.set({ undo: { title: conversation.title } });
        const list = await refreshList();
        if (o.get().activeId === id) await open(list[0]?.id ?? null);
        o.deps.changes.publish({ topic: 'conversations', ids: [id] });
      }),
      /** Brings back the conversation just deleted, and what was forgotten with it. */
      undoRemove: guarded(async () => {
        const last = deleted;
        if (!last) return;
        deleted = null;
        o.set({ undo: null });
        await chat.restoreConversation(last.conversation, last.messages);
        if (last.retraction) {
          const restored = await undoRetraction(o.deps.memory.store, last.retraction);
          await o.deps.memory.refresh(restored);
          o.deps.changes.publish({ topic: 'memories', ids: restored });
        }
        await refreshList();
        o.deps.changes.publish({ topic: 'conversations', ids: [last.conversation.id] });
      }),
      dismissUndo: () => {
        deleted = null;
        o.set({ undo: null });
      },
      loadOlder: guarded(async () => {
        const { activeId, messages } = o.get();
        const first = messages[0];
        if (!activeId || !first) return;
        const older = await chat.getMessages(activeId, { beforeSeq: first.seq, limit: o.pageSize });
        if (o.get().activeId !== activeId) return;
        o.set({ messages: [...older, ...o.get().messages], hasOlder: (older[0]?.seq ?? 0) > 0 });
      }),
    },
  };
}
