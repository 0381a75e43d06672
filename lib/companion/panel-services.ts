import { createChatStore, type ChatStore } from '../chat/chat-store';
import { getDb, resetDbConnection } from '../db/open';
import { startDenseMemory, type DenseMemory } from '../memory/dense-memory';
import { openMemoryService, type MemoryService } from '../memory/memory-service';
import { createImageStore, type ImageStore } from '../images/image-store';
import type { PersonaStore } from '../persona/persona-store';
import { createPersonaService, type PersonaService, type SettingsPort } from '../persona/persona-service';
import { publishChange } from '../messaging/changes';
import { loadSettings, updateSettings } from '../settings/store';
import { spawnLexicalWorker } from '../memory/lexical-worker-bundled';

/** What dense memory search needs besides the database and the store the panel already has. */
export type DenseOptions = Omit<Parameters<typeof startDenseMemory>[0], 'db' | 'store'>;

/** The panel's storage-backed services: the one place the panel opens the database. */
export interface PanelServices {
  chat: ChatStore;
  personas: PersonaStore;
  /** Personas: the library, the active one, the user persona, cards (lib/persona/persona-service.ts). */
  personaService: PersonaService;
  memory: MemoryService;
  /** Pictures by message (issue 11). */
  images: ImageStore;
  startDense(options: DenseOptions): Promise<DenseMemory>;
  /** Calls `lost` once if the database goes away under the panel (deleted, or upgraded elsewhere). */
  onLost(lost: () => void): void;
  /** Drops the database handle (after a wipe, before starting fresh). */
  close(): Promise<void>;
}

/** Settings in storage.local (and the key in the secret store), as the persona service reads and changes them. */
export const extensionSettings: SettingsPort = {
  read: async () => (await loadSettings()).settings,
  update: (change) => updateSettings(change),
};

/** Opens the database and builds the panel's services over it. */
export async function openPanelServices(): Promise<PanelServices> {
  const db = await getDb();
  // The keyword index is built in the memory worker: the panel is usable before it is ready.
  const memory = await openMemoryService(db, { lexical: spawnLexicalWorker() });
  const lostListeners = new Set<() => void>();
  let lost = false;
  const markLost = () => {
    if (lost) return;
    lost = true;
    lostListeners.forEach((listener) => listener());
  };
  // 'versionchange' comes before a deletion or an upgrade by another context; 'close'
  // when the browser closed the connection itself (storage cleared).
  db.addEventListener('versionchange', () => setTimeout(markLost, 0));
  db.addEventListener('close', markLost);
  const personaService = createPersonaService({ db, settings: extensionSettings, publish: publishChange });
  return {
    chat: createChatStore(db),
    personas: personaService.store,
    personaService,
    memory,
    images: createImageStore(db),
    startDense: (options) => startDenseMemory({ ...options, db, store: memory.store }),
    onLost(listener) {
      lostListeners.add(listener);
    },
    close: () => {
      memory.close();
      return resetDbConnection();
    },
  };
}
