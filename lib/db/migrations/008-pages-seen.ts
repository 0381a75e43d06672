import type { Migration } from './types';

/**
 * Version 8: what Hearth saw of pages (lib/privacy/seen-log.ts). `seenLog` keeps each read
 * (the text as read, capped, and its token count) for the user to read and clear;
 * `pageSummaries` keeps a short summary with its address, only for allowed sites when the
 * user chose to keep them. Both expire: `byExpiresAt` finds what to delete.
 */
export const migration008: Migration = {
  version: 8,
  description: 'pages seen and page summaries',
  migrate(db) {
    const seen = db.createObjectStore('seenLog', { keyPath: 'id' });
    seen.createIndex('byAt', 'at');
    seen.createIndex('byExpiresAt', 'expiresAt');
    const summaries = db.createObjectStore('pageSummaries', { keyPath: 'url' });
    summaries.createIndex('byExpiresAt', 'expiresAt');
  },
};
