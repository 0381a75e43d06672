/*
 * The persona library over a real database for component tests: fake-indexeddb stands
 * where the browser's IndexedDB is, settings live in memory (the extension's storage edge),
 * and everything between is the real persona service and card code.
 */
import 'fake-indexeddb/auto';
import { createChatStore } from '../../lib/chat/chat-store';
import { createPersonaLibrary, type PersonaLibraryService } from '../../lib/companion/persona-library';
import { freshDb } from '../../lib/backup/test-fixtures';
import { createPersonaService, type PersonaService } from '../../lib/persona/persona-service';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/schema';

/** A library over a fresh database, with its parts for the test to look into. */
export interface TestLibrary {
  library: PersonaLibraryService;
  personas: PersonaService;
  settings: () => Settings;
  chats: ReturnType<typeof createChatStore>;
}

/** A fresh database (its own name) and a library over it. */
export async function createTestLibrary(): Promise<TestLibrary> {
  const db = await freshDb();
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const personas = createPersonaService({
    db,
    settings: {
      read: async () => settings,
      update: async (change) => (settings = change(settings)),
    },
  });
  const chats = createChatStore(db);
  return { library: createPersonaLibrary({ personas, chats }), personas, settings: () => settings, chats };
}
