import type { IDBPDatabase, IDBPTransaction } from 'idb';

/** The upgrade transaction as a migration sees it: untyped, because each migration
 * describes the schema as it was at its own version, not as it is now. */
export type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

/** One numbered schema step, run inside the versionchange transaction. */
export interface Migration {
  version: number;
  description: string;
  migrate(db: IDBPDatabase<unknown>, tx: UpgradeTransaction): void | Promise<void>;
}
