import type { Migration } from './types';

/**
 * Version 5: mood and relationship, per persona (lib/mood/). The state of each is one
 * record keyed by persona, read back on every wake of the background; the log keeps every
 * change with its cause, ordered per persona by time (ids break ties in write order).
 */
export const migration005: Migration = {
  version: 5,
  description: 'mood, relationship and their log',
  migrate(db) {
    db.createObjectStore('moodStates', { keyPath: 'personaId' });
    db.createObjectStore('relationships', { keyPath: 'personaId' });
    const log = db.createObjectStore('moodLog', { keyPath: 'id' });
    log.createIndex('byPersona', ['personaId', 'at']);
  },
};
