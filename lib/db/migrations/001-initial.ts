import type { Migration } from './types';

/** Version 1: conversations, their messages (ordered by seq), personas. */
export const migration001: Migration = {
  version: 1,
  description: 'conversations, messages, personas',
  migrate(db) {
    const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
    conversations.createIndex('byUpdatedAt', 'updatedAt');
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('byConversation', ['conversationId', 'seq']);
    db.createObjectStore('personas', { keyPath: 'id' });
  },
};
