import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import { ConversationRecord, MessageRecord } from '../db/records';
import { toStorageError } from '../db/errors';
import { describeZodError } from '../messaging/result';
import { newId } from '../util/id';
import { appendEvents, withOutbox } from '../events/outbox-store';
import { messageEvents } from '../events/source-events';

/** A message before the store gives it an id, a position and a time. */
export type NewMessage = Omit<MessageRecord, 'id' | 'seq' | 'createdAt'> & { createdAt?: number };

const DEFAULT_TITLE = 'New chat';
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** A title from the first words of the first message. */
export function titleFrom(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 48 ? `${oneLine.slice(0, 47)}…` : oneLine || DEFAULT_TITLE;
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error);
  }
}

function range(conversationId: string, fromSeq = 0, toSeq = MAX_SEQ) {
  return IDBKeyRange.bound([conversationId, fromSeq], [conversationId, toSeq]);
}

/**
 * Conversations and their messages in IndexedDB. Writes that belong together (a message
 * and its conversation's timestamp; a conversation and all its messages) share one
 * transaction, so a failure leaves nothing half-written.
 */
export function createChatStore(db: IDBPDatabase<HearthDB>) {
  // Conversation times strictly increase within a context, so "most recent first" holds
  // even for two changes within one millisecond (a coarse clock gave them equal times).
  let lastTouch = 0;
  const touch = (at = Date.now()) => (lastTouch = Math.max(at, lastTouch + 1));
  return {
    async listConversations(): Promise<ConversationRecord[]> {
      return guard(async () => (await db.getAllFromIndex('conversations', 'byUpdatedAt')).reverse());
    },

    async getConversation(id: string): Promise<ConversationRecord | undefined> {
      return guard(() => db.get('conversations', id));
    },

    async createConversation(personaId: string, title = DEFAULT_TITLE): Promise<ConversationRecord> {
      const now = touch();
      const record = ConversationRecord.parse({
        id: newId(),
        title,
        personaId,
        createdAt: now,
        updatedAt: now,
      });
      await guard(() => db.add('conversations', record));
      return record;
    },

    async renameConversation(id: string, title: string): Promise<ConversationRecord> {
      const clean = title.replace(/\s+/g, ' ').trim().slice(0, 120);
      if (!clean) throw new Error('A conversation needs a name.');
      return guard(async () => {
        const tx = db.transaction('conversations', 'readwrite');
        const found = await tx.store.get(id);
        if (!found) throw new Error('That conversation no longer exists.');
        const updated = { ...found, title: clean };
        await tx.store.put(updated);
        await tx.done;
        return updated;
      });
    },

    /** Deletes a conversation and every message in it, together. */
    async deleteConversation(id: string): Promise<void> {
      await guard(async () => {
        const tx = db.transaction(['conversations', 'messages'], 'readwrite');
        const index = tx.objectStore('messages').index('byConversation');
        for (let cursor = await index.openCursor(range(id)); cursor; cursor = await cursor.continue()) {
          await cursor.delete();
        }
        await tx.objectStore('conversations').delete(id);
        await tx.done;
      });
    },

    /** Appends a message; the conversation's time (and, for its first user message, title) move with it. */
    async addMessage(message: NewMessage): Promise<MessageRecord> {
      // Validate before the transaction opens, so a bad message never starts a write.
      const parsed = MessageRecord.safeParse({
        ...message,
        id: newId(),
        seq: 0,
        createdAt: message.createdAt ?? Date.now(),
      });
      if (!parsed.success) throw new Error(`Message not saved: ${describeZodError(parsed.error)}`);
      return guard(async () => {
        const tx = db.transaction(withOutbox(db, ['conversations', 'messages']), 'readwrite');
        const conversation = await tx.objectStore('conversations').get(message.conversationId);
        if (!conversation) throw new Error('That conversation no longer exists.');
        const last = await tx
          .objectStore('messages')
          .index('byConversation')
          .openCursor(range(message.conversationId), 'prev');
        const record = { ...parsed.data, seq: last ? last.value.seq + 1 : 0 };
        await tx.objectStore('messages').add(record);
        const title =
          conversation.title === DEFAULT_TITLE && record.role === 'user'
            ? titleFrom(record.content)
            : conversation.title;
        await tx.objectStore('conversations').put({
          ...conversation,
          title,
          updatedAt: touch(Math.max(record.createdAt, conversation.updatedAt)),
        });
        // A streaming reply's empty placeholder has no event yet: its final write has.
        await appendEvents(tx, messageEvents(record, conversation.personaId, record.content !== ''));
        await tx.done;
        return record;
      });
    },

    async updateMessage(
      id: string,
      patch: Partial<
        Pick<MessageRecord, 'content' | 'status' | 'error' | 'engine' | 'model' | 'memories' | 'pageComment'>
      >,
    ): Promise<MessageRecord> {
      return guard(async () => {
        const tx = db.transaction(withOutbox(db, ['messages', 'conversations']), 'readwrite');
        const found = await tx.objectStore('messages').get(id);
        if (!found) throw new Error('That message no longer exists.');
        const updated = MessageRecord.parse({ ...found, ...patch });
        await tx.objectStore('messages').put(updated);
        const personaId = (await tx.objectStore('conversations').get(found.conversationId))?.personaId;
        // A reply's final write sets its status: that is when it was received.
        if (personaId) await appendEvents(tx, messageEvents(updated, personaId, patch.status !== undefined));
        await tx.done;
        return updated;
      });
    },

    async getMessage(id: string): Promise<MessageRecord | undefined> {
      return guard(() => db.get('messages', id));
    },

    /**
     * The last `limit` messages before `beforeSeq` (all when omitted), oldest first.
     * Sequence numbers are contiguous (only a conversation's tail is ever deleted), so
     * the page is one key range read in a single request rather than a cursor walk.
     */
    async getMessages(
      conversationId: string,
      options: { beforeSeq?: number; limit?: number } = {},
    ): Promise<MessageRecord[]> {
      const limit = options.limit ?? 50;
      return guard(async () => {
        const index = db.transaction('messages').store.index('byConversation');
        let upper = options.beforeSeq === undefined ? MAX_SEQ : options.beforeSeq - 1;
        if (upper === MAX_SEQ) {
          const last = await index.openCursor(range(conversationId), 'prev');
          if (!last) return [];
          upper = last.value.seq;
        }
        if (upper < 0 || limit <= 0) return [];
        return index.getAll(range(conversationId, Math.max(0, upper - limit + 1), upper));
      });
    },

    async countMessages(conversationId: string): Promise<number> {
      return guard(() => db.countFromIndex('messages', 'byConversation', range(conversationId)));
    },

    /** Deletes every message of a conversation from `seq` on (for regenerate and edit). */
    async deleteMessagesFrom(conversationId: string, seq: number): Promise<string[]> {
      return guard(async () => {
        const deleted: string[] = [];
        const tx = db.transaction('messages', 'readwrite');
        const index = tx.store.index('byConversation');
        for (
          let cursor = await index.openCursor(range(conversationId, seq));
          cursor;
          cursor = await cursor.continue()
        ) {
          deleted.push(cursor.value.id);
          await cursor.delete();
        }
        await tx.done;
        return deleted;
      });
    },

    /**
     * Changes a user message and removes everything after it, together; returns the edited
     * message and the ids removed (what was learned from them is retracted by the caller).
     */
    async editAndTruncate(
      messageId: string,
      content: string,
    ): Promise<{ edited: MessageRecord; removed: string[] }> {
      if (!content.trim()) throw new Error('A message cannot be empty.');
      return guard(async () => {
        const tx = db.transaction('messages', 'readwrite');
        const found = await tx.store.get(messageId);
        if (!found) throw new Error('That message no longer exists.');
        const edited = { ...found, content, createdAt: Date.now(), status: 'complete' as const };
        await tx.store.put(edited);
        const removed: string[] = [];
        const index = tx.store.index('byConversation');
        for (
          let cursor = await index.openCursor(range(found.conversationId, found.seq + 1));
          cursor;
          cursor = await cursor.continue()
        ) {
          removed.push(cursor.value.id);
          await cursor.delete();
        }
        await tx.done;
        return { edited, removed };
      });
    },

    /** Every message of a conversation, oldest first (for deleting it with undo). */
    async allMessages(conversationId: string): Promise<MessageRecord[]> {
      return guard(() => db.getAllFromIndex('messages', 'byConversation', range(conversationId)));
    },

    /** Puts a deleted conversation and its messages back as they were (undo), together. */
    async restoreConversation(
      conversation: ConversationRecord,
      messages: readonly MessageRecord[],
    ): Promise<void> {
      await guard(async () => {
        const tx = db.transaction(['conversations', 'messages'], 'readwrite');
        await tx.objectStore('conversations').put(ConversationRecord.parse(conversation));
        for (const m of messages) await tx.objectStore('messages').put(MessageRecord.parse(m));
        await tx.done;
      });
    },

    /** Conversations whose title or any message contains `query` (case-insensitive). */
    async searchConversations(query: string): Promise<ConversationRecord[]> {
      const needle = query.trim().toLowerCase();
      const all = await this.listConversations();
      if (!needle) return all;
      const hits = new Set<string>();
      for (const c of all) if (c.title.toLowerCase().includes(needle)) hits.add(c.id);
      await guard(async () => {
        for (
          let cursor = await db.transaction('messages').store.openCursor();
          cursor;
          cursor = await cursor.continue()
        ) {
          if (!hits.has(cursor.value.conversationId) && cursor.value.content.toLowerCase().includes(needle)) {
            hits.add(cursor.value.conversationId);
          }
        }
      });
      return all.filter((c) => hits.has(c.id));
    },
  };
}

/** The chat store's interface. */
export type ChatStore = ReturnType<typeof createChatStore>;
