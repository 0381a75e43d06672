import { openDB, type IDBPDatabase } from 'idb';
import { migrations, DB_VERSION } from './migrations';
import { DB_NAME, type HearthDB } from './schema';
import { StorageError, toStorageError } from './errors';

/**
 * Opens Hearth's database at `version` (the current one unless a test asks for an older
 * one), running every numbered migration between the stored version and it in one
 * versionchange transaction: if any step throws, the whole upgrade is rolled back.
 */
export async function openHearthDb(
  options: { name?: string; version?: number } = {},
): Promise<IDBPDatabase<HearthDB>> {
  const name = options.name ?? DB_NAME;
  const version = options.version ?? DB_VERSION;
  let migrationError: unknown;
  try {
    const db = await openDB<HearthDB>(name, version, {
      upgrade(database, oldVersion, newVersion, tx) {
        // A failed step aborts this transaction; openDB's own rejection reports it.
        tx.done.catch(() => {});
        const pending = migrations.filter(
          (m) => m.version > oldVersion && m.version <= (newVersion ?? version),
        );
        const untypedDb = database as unknown as IDBPDatabase<unknown>;
        const untypedTx = tx as unknown as Parameters<(typeof migrations)[number]['migrate']>[1];
        // Steps run one after another; each awaits only requests on this transaction, which
        // keeps it alive. A failure aborts it, so the database stays at the old version.
        void (async () => {
          for (const step of pending) {
            try {
              await step.migrate(untypedDb, untypedTx);
            } catch (error) {
              migrationError = new StorageError(
                'migration',
                `Hearth couldn't upgrade its storage (step ${step.version}: ${step.description}). Your data was left as it was.`,
                { cause: error },
              );
              tx.abort();
              return;
            }
          }
        })();
      },
      blocking() {
        // Another context (a newer panel after an update) wants to upgrade: let it.
        db.close();
      },
    });
    return db;
  } catch (error) {
    if (migrationError) throw migrationError;
    if (error instanceof DOMException && error.name === 'VersionError') {
      throw new StorageError(
        'downgrade',
        'This storage was written by a newer version of Hearth. Update Hearth to open it; nothing was changed.',
        { cause: error },
      );
    }
    throw toStorageError(error);
  }
}

let shared: Promise<IDBPDatabase<HearthDB>> | null = null;

/** The database connection this context shares; reopened if it was closed for an upgrade. */
export function getDb(): Promise<IDBPDatabase<HearthDB>> {
  if (!shared) {
    shared = openHearthDb().then((db) => {
      db.addEventListener('close', () => (shared = null));
      const close = db.close.bind(db);
      db.close = () => {
        shared = null;
        close();
      };
      return db;
    });
    shared.catch(() => (shared = null));
  }
  return shared;
}

/** Forgets the shared connection (tests, and after a wipe). */
export async function resetDbConnection(): Promise<void> {
  const pending = shared;
  shared = null;
  if (pending) (await pending.catch(() => null))?.close();
}
