import type { Migration } from './types';

/**
 * Version 9: pictures (lib/images/). Each is a blob kept with the id of the message it
 * belongs to and its conversation, so a conversation's pictures go with it and a message
 * finds its own by index.
 */
export const migration009: Migration = {
  version: 9,
  description: 'pictures with their message',
  migrate(db) {
    const images = db.createObjectStore('images', { keyPath: 'id' });
    images.createIndex('byMessage', 'messageId');
    images.createIndex('byConversation', 'conversationId');
  },
};
