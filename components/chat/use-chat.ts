import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationRecord, MessageRecord } from '../../lib/db/records';
import type { ChatStore } from '../../lib/chat/chat-store';
import type { ChatEngine } from '../../lib/llm/engine';
import { generateReply, type TurnContext } from '../../lib/chat/chat-turn';
import { publishChange, subscribeChanges } from '../../lib/messaging/changes';

/** Messages the panel shows at first and adds per "show earlier". */
export const PAGE_SIZE = 60;

/** Everything the chat screen shows. */
export interface ChatView {
  conversations: ConversationRecord[];
  activeId: string | null;
  messages: MessageRecord[];
  hasOlder: boolean;
  streamingId: string | null;
  notice: string | null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The chat's state and actions over the store. Conversation list and messages follow
 * changes made in other contexts (another panel window, the options page) live.
 */
export function useChat(
  store: ChatStore,
  personaId: string,
  turnContext: () => Promise<TurnContext>,
  /** Runs after each reply with the user message and the reply (memory ingestion). */
  afterReply?: (turn: MessageRecord[]) => void,
) {
  const [view, setView] = useState<ChatView>({
    conversations: [],
    activeId: null,
    messages: [],
    hasOlder: false,
    streamingId: null,
    notice: null,
  });
  const abort = useRef<AbortController | null>(null);
  const activeRef = useRef<string | null>(null);
  const [query, setQuery] = useState('');

  const patch = (next: Partial<ChatView>) => setView((v) => ({ ...v, ...next }));
  const fail = (error: unknown) => patch({ notice: errorText(error) });

  const refreshList = useCallback(async () => {
    const conversations = query ? await store.searchConversations(query) : await store.listConversations();
    patch({ conversations });
    return conversations;
  }, [store, query]);

  const open = useCallback(
    async (id: string | null) => {
      activeRef.current = id;
      if (!id) return patch({ activeId: null, messages: [], hasOlder: false });
      const messages = await store.getMessages(id, { limit: PAGE_SIZE });
      if (activeRef.current !== id) return;
      patch({ activeId: id, messages, hasOlder: (messages[0]?.seq ?? 0) > 0 });
    },
    [store],
  );

  useEffect(() => {
    refreshList()
      .then((list) => (activeRef.current ? undefined : open(list[0]?.id ?? null)))
      .catch(fail);
  }, [refreshList, open]);

  useEffect(
    () =>
      subscribeChanges((change) => {
        if (change.topic === 'conversations') {
          void refreshList().then((list) => {
            if (activeRef.current && !list.some((c) => c.id === activeRef.current))
              void open(list[0]?.id ?? null);
          });
        }
        if (change.topic === 'messages' && change.conversationId === activeRef.current && !abort.current) {
          void open(activeRef.current);
        }
      }),
    [refreshList, open],
  );

  const announce = (conversationId: string) => {
    publishChange({ topic: 'messages', conversationId });
    publishChange({ topic: 'conversations', ids: [conversationId] });
  };

  /** Runs the assistant's turn on what is stored, showing it as it streams. */
  const reply = async (engine: ChatEngine, conversationId: string) => {
    const controller = new AbortController();
    abort.current = controller;
    try {
      const reply = await generateReply({
        store,
        engine,
        conversationId,
        context: await turnContext(),
        signal: controller.signal,
        onProgress: ({ message }) =>
          setView((v) => {
            if (v.activeId !== conversationId) return v;
            const others = v.messages.filter((m) => m.id !== message.id);
            return { ...v, messages: [...others, message], streamingId: message.id };
          }),
      });
      if (afterReply && reply.content.trim() && reply.status !== 'error') {
        const [userMessage] = await store.getMessages(conversationId, { beforeSeq: reply.seq, limit: 1 });
        afterReply(userMessage ? [userMessage, reply] : [reply]);
      }
    } finally {
      abort.current = null;
      patch({ streamingId: null });
      await refreshList();
      announce(conversationId);
    }
  };

  const actions = {
    setQuery,
    open: (id: string) => open(id).catch(fail),
    dismissNotice: () => patch({ notice: null }),

    async newConversation() {
      try {
        const created = await store.createConversation(personaId);
        await refreshList();
        await open(created.id);
        publishChange({ topic: 'conversations', ids: [created.id] });
      } catch (error) {
        fail(error);
      }
    },

    async rename(id: string, title: string) {
      try {
        await store.renameConversation(id, title);
        await refreshList();
        publishChange({ topic: 'conversations', ids: [id] });
      } catch (error) {
        fail(error);
      }
    },

    async remove(id: string) {
      try {
        await store.deleteConversation(id);
        const list = await refreshList();
        if (activeRef.current === id) await open(list[0]?.id ?? null);
        publishChange({ topic: 'conversations', ids: [id] });
      } catch (error) {
        fail(error);
      }
    },

    async loadOlder() {
      const id = activeRef.current;
      const first = view.messages[0];
      if (!id || !first) return;
      const older = await store.getMessages(id, { beforeSeq: first.seq, limit: PAGE_SIZE });
      setView((v) => ({ ...v, messages: [...older, ...v.messages], hasOlder: (older[0]?.seq ?? 0) > 0 }));
    },

    async send(engine: ChatEngine, text: string) {
      const content = text.trim();
      if (!content || abort.current) return;
      try {
        let id = activeRef.current;
        if (!id) {
          id = (await store.createConversation(personaId)).id;
          await open(id);
        }
        const message = await store.addMessage({
          conversationId: id,
          role: 'user',
          content,
          status: 'complete',
        });
        setView((v) => ({ ...v, messages: [...v.messages, message] }));
        await reply(engine, id);
      } catch (error) {
        fail(error);
      }
    },

    stop() {
      abort.current?.abort();
    },

    /** Replaces the last reply with a new one. */
    async regenerate(engine: ChatEngine) {
      const id = activeRef.current;
      const last = view.messages.at(-1);
      if (!id || !last || last.role !== 'assistant' || abort.current) return;
      try {
        await store.deleteMessagesFrom(id, last.seq);
        setView((v) => ({ ...v, messages: v.messages.filter((m) => m.seq < last.seq) }));
        await reply(engine, id);
      } catch (error) {
        fail(error);
      }
    },

    /** Changes a user message, forgets what followed it, and answers again. */
    async editAndResend(engine: ChatEngine, messageId: string, text: string) {
      const id = activeRef.current;
      if (!id || abort.current) return;
      try {
        const edited = await store.editAndTruncate(messageId, text.trim());
        setView((v) => ({ ...v, messages: [...v.messages.filter((m) => m.seq < edited.seq), edited] }));
        await reply(engine, id);
      } catch (error) {
        fail(error);
      }
    },
  };

  return { view, query, actions };
}
