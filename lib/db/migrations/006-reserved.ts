import type { Migration } from './types';

/**
 * Version 6 is the personas stream's migration (issue 7), built in parallel with the outbox
 * (007). Migrations must be numbered without gaps, so until that branch is merged this step
 * holds the number and changes nothing; at merge the lead replaces this file with the real 006.
 */
export const migration006: Migration = {
  version: 6,
  description: 'reserved for personas (issue 7)',
  migrate() {},
};
