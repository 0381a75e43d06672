import type { Migration } from './types';

/**
 * Version 2: long-term memories. Sparse indexes (on fields only some records have) keep
 * "everything from this site", "pinned" and "from this message" lookups cheap.
 */
export const migration002: Migration = {
  version: 2,
  description: 'memories',
  migrate(db) {
    const memories = db.createObjectStore('memories', { keyPath: 'id' });
    memories.createIndex('byCreatedAt', 'createdAt');
    memories.createIndex('byValidFrom', 'validFrom');
    memories.createIndex('byKind', ['kind', 'createdAt']);
    memories.createIndex('bySite', ['site', 'createdAt']);
    memories.createIndex('byConversation', ['conversationId', 'createdAt']);
    memories.createIndex('byPinnedAt', 'pinnedAt');
    memories.createIndex('byTextKey', 'textKey');
    memories.createIndex('bySourceMessage', 'provenance.messageIds', { multiEntry: true });
  },
};
