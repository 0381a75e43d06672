/**
 * The options page's storage-backed services: the one place the options page opens the
 * database, as panel-services.ts is for the side panel. Its components (the memory manager,
 * the persona editor, the data section) take these and never see IndexedDB.
 */
import type { IDBPDatabase } from 'idb';
import { exportBackup, type ExportOptions } from '../backup/export';
import type { BackupFile } from '../backup/format';
import { importBackup, type ImportOptions, type ImportResult } from '../backup/import';
import { countStores, wipeAll, type WipeReport } from '../backup/wipe';
import { getDb } from '../db/open';
import type { HearthDB } from '../db/schema';
import { createMemoryManagerService, type MemoryManagerService } from '../memory/memory-manager-service';
import { createPersonaStore, type PersonaStore } from '../persona/persona-store';
import { createWebhookService, type WebhookService } from '../events/webhook-service';
import { request, type Transport } from '../messaging/client';
import { createChatStore } from '../chat/chat-store';
import { publishChange } from '../messaging/changes';
import { createPersonaService } from '../persona/persona-service';
import { loadSettings, updateSettings } from '../settings/store';
import { createPersonaLibrary, type PersonaLibraryService } from './persona-library';

/** Export, import and wipe over the open database (lib/backup does the work). */
export interface BackupService {
  /** Records per object store, for "what is stored" and the wipe's summary. */
  countStores(): Promise<Record<string, number>>;
  exportBackup(options?: ExportOptions): Promise<BackupFile>;
  importBackup(backup: BackupFile, options: ImportOptions): Promise<ImportResult>;
  /** Removes every record and the extension's own storage (settings included). */
  wipe(options: Parameters<typeof wipeAll>[1]): Promise<WipeReport>;
}

/** What the options page works with. */
export interface OptionsServices {
  personas: PersonaStore;
  memories: MemoryManagerService;
  backup: BackupService;
  webhooks: WebhookService;
  /** The persona library: personas, cards in and out, lorebooks, emotion images, the user persona. */
  library: PersonaLibraryService;
}

/** Builds the options page's services over an open database (tests pass a fake-indexeddb one). */
export function createOptionsServices(db: IDBPDatabase<HearthDB>, transport?: Transport): OptionsServices {
  return {
    webhooks: createWebhookService({
      db,
      now: () => Date.now(),
      fetch: (input, init) => fetch(input, init),
      // A replayed dead letter or a re-enabled endpoint: the background delivers it now.
      kick: () => void (transport && request(transport, 'outbox/kick', {}).catch(() => undefined)),
    }),
    personas: createPersonaStore(db),
    library: createPersonaLibrary({
      personas: createPersonaService({
        db,
        settings: {
          read: async () => (await loadSettings()).settings,
          update: (change) => updateSettings(change),
        },
        publish: publishChange,
      }),
      chats: createChatStore(db),
      publish: publishChange,
    }),
    memories: createMemoryManagerService(db),
    backup: {
      countStores: () => countStores(db),
      exportBackup: (options) => exportBackup(db, options),
      importBackup: (backup, options) => importBackup(db, backup, options),
      wipe: (options) => wipeAll(db, options),
    },
  };
}

/** Opens the shared database connection once and builds the options page's services over it. */
export async function openOptionsServices(transport?: Transport): Promise<OptionsServices> {
  return createOptionsServices(await getDb(), transport);
}
