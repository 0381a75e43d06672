import type { Migration } from './types';

/**
 * Version 4: secrets (the endpoint's API key). They move here from storage.local, which a
 * content script's world can read; this database belongs to the extension's origin, which
 * only the extension's own pages and worker can open. Never exported (lib/backup/format.ts).
 */
export const migration004: Migration = {
  version: 4,
  description: 'secrets',
  migrate(db) {
    db.createObjectStore('secrets', { keyPath: 'name' });
  },
};
