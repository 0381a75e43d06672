import { migration001 } from './001-initial';
import { migration002 } from './002-memories';
import { migration003 } from './003-vectors';
import { migration004 } from './004-secrets';
import { migration005 } from './005-mood';
import { migration008 } from './008-pages-seen';
import type { Migration } from './types';

/** Every migration in order; the database version is the last one's number. */
export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration008,
];

/**
 * The schema version this build writes: the last step's number. Numbers are reserved per
 * piece of work (006 personas, 007 outbox, 008 pages seen, …), so a branch may lack some.
 */
export const DB_VERSION = migrations.at(-1)!.version;
