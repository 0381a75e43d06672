import { beforeEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createChatStore, type ChatStore } from './chat-store';
import { StorageError } from '../db/errors';

let store: ChatStore;
let dbName: string;

beforeEach(async () => {
  dbName = `chat-${crypto.randomUUID()}`;
  store = createChatStore(await openHearthDb({ name: dbName }));
});

async function conversationWith(n: number) {
  const c = await store.createConversation('default');
  for (let i = 0; i < n; i++) {
    await store.addMessage({
      conversationId: c.id,
      role: i % 2 ? 'assistant' : 'user',
      content: `m${i}`,
      status: 'complete',
    });
  }
  return c;
}

describe('chat store', () => {
  it('orders messages, pages backwards and titles the conversation from the first user message', async () => {
    const c = await conversationWith(7);
    expect((await store.getMessages(c.id, { limit: 3 })).map((m) => m.content)).toEqual(['m4', 'm5', 'm6']);
    const page = await store.getMessages(c.id, { limit: 3, beforeSeq: 4 });
    expect(page.map((m) => m.content)).toEqual(['m1', 'm2', 'm3']);
    expect((await store.getConversation(c.id))!.title).toBe('m0');
    expect(await store.countMessages(c.id)).toBe(7);
  });

  it('lists conversations most recent first and finds them by title or content', async () => {
    const a = await conversationWith(1);
    const b = await store.createConversation('default');
    await store.addMessage({
      conversationId: b.id,
      role: 'user',
      content: 'tell me about otters',
      status: 'complete',
    });
    expect((await store.listConversations()).map((c) => c.id)).toEqual([b.id, a.id]);
    expect((await store.searchConversations('OTTERS')).map((c) => c.id)).toEqual([b.id]);
    await store.renameConversation(a.id, '  Plans   for May ');
    expect((await store.searchConversations('may')).map((c) => c.id)).toEqual([a.id]);
    await expect(store.renameConversation(a.id, '   ')).rejects.toThrow(/name/);
  });

  it('deletes a conversation with all its messages', async () => {
    const a = await conversationWith(4);
    const b = await conversationWith(2);
    await store.deleteConversation(a.id);
    expect(await store.getConversation(a.id)).toBeUndefined();
    expect(await store.countMessages(a.id)).toBe(0);
    expect(await store.countMessages(b.id)).toBe(2);
  });

  it('edits a user message and drops what came after it, in one step', async () => {
    const c = await conversationWith(6);
    const [, , third] = await store.getMessages(c.id);
    const all = await store.getMessages(c.id);
    const { edited, removed } = await store.editAndTruncate(third!.id, 'changed');
    expect(edited.content).toBe('changed');
    expect(removed).toEqual(all.slice(3).map((m) => m.id));
    expect((await store.getMessages(c.id)).map((m) => m.content)).toEqual(['m0', 'm1', 'changed']);
    expect(await store.deleteMessagesFrom(c.id, 2)).toHaveLength(1);
    expect(await store.countMessages(c.id)).toBe(2);
  });

  it('restores a deleted conversation with every message (undo)', async () => {
    const c = await conversationWith(4);
    const conversation = (await store.getConversation(c.id))!;
    const messages = await store.allMessages(c.id);
    await store.deleteConversation(c.id);
    expect(await store.getConversation(c.id)).toBeUndefined();
    await store.restoreConversation(conversation, messages);
    expect(await store.getConversation(c.id)).toEqual(conversation);
    expect(await store.allMessages(c.id)).toEqual(messages);
  });

  it('rejects an invalid message and leaves the conversation unchanged', async () => {
    const c = await conversationWith(1);
    const before = await store.getConversation(c.id);
    await expect(
      store.addMessage({ conversationId: c.id, role: 'system' as never, content: 'x', status: 'complete' }),
    ).rejects.toThrow(/role/);
    expect(await store.countMessages(c.id)).toBe(1);
    expect(await store.getConversation(c.id)).toEqual(before);
    await expect(
      store.addMessage({ conversationId: 'missing', role: 'user', content: 'x', status: 'complete' }),
    ).rejects.toThrow(/no longer exists/);
  });

  it('reports a full disk in words and writes nothing half-way', async () => {
    const c = await conversationWith(1);
    const before = await store.getConversation(c.id);
    // A quota failure can't be produced by fake-indexeddb, so the one browser call that
    // fails is replaced at the edge: the store's own transaction logic stays real.
    const original = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const error = await store
        .addMessage({ conversationId: c.id, role: 'user', content: 'big', status: 'complete' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).kind).toBe('quota');
      expect((error as StorageError).message).toMatch(/disk is full/);
    } finally {
      IDBObjectStore.prototype.add = original;
    }
    expect(await store.countMessages(c.id)).toBe(1);
    expect(await store.getConversation(c.id)).toEqual(before);
  });
});
