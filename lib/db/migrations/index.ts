import { migration001 } from './001-initial';
import { migration002 } from './002-memories';
import { migration003 } from './003-vectors';
import { migration004 } from './004-secrets';
import { migration005 } from './005-mood';
import { migration006 } from './006-personas';
import { migration007 } from './007-outbox';
import { migration008 } from './008-pages-seen';
import { migration009 } from './009-images';
import type { Migration } from './types';

/** Every migration in order; the database version is the last one's number. */
export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
];

/** The schema version this build writes: the number of steps, each numbered in order. */
export const DB_VERSION = migrations.length;
