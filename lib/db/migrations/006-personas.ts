import type { Migration } from './types';

/** Persona fields added by version 6, with the values a persona made before it gets. */
const PERSONA_DEFAULTS = {
  nickname: '',
  scenario: '',
  alternateGreetings: [],
  exampleDialogue: '',
  systemPrompt: '',
  postHistoryInstructions: '',
  appearance: '',
  keepsToItself: false,
  temperament: null,
  lorebook: null,
  card: null,
} as const;

/** The kinds that stay with their conversation's persona (lib/memory/records.ts PERSONA_OWNED_KINDS, as of version 6). */
const OWNED_KINDS = new Set(['episode', 'companion-fact', 'reflection']);

type Row = Record<string, unknown>;

/**
 * Version 6: several personas. Personas get every field a character card carries (empty
 * until set); memories get an owner: episodes, what the companion said and reflections
 * keep their conversation's persona, facts about the user are shared (`personaId: null`),
 * so nothing anyone said moves to another persona and nothing the user told is lost to
 * one. A `byPersona` index lists a persona's own memories (shared ones are not in it);
 * `personaAssets` holds personas' images and card files.
 */
export const migration006: Migration = {
  version: 6,
  description: 'personas: card fields, memory owners, persona assets',
  async migrate(db, tx) {
    const assets = db.createObjectStore('personaAssets', { keyPath: 'id' });
    assets.createIndex('byPersona', ['personaId', 'createdAt']);

    const personas = tx.objectStore('personas');
    for (let cursor = await personas.openCursor(); cursor; cursor = await cursor.continue()) {
      await cursor.update({ ...PERSONA_DEFAULTS, ...(cursor.value as Row) });
    }

    const personaOf = new Map<string, string | null>();
    const conversations = tx.objectStore('conversations');
    for (let cursor = await conversations.openCursor(); cursor; cursor = await cursor.continue()) {
      const row = cursor.value as Row;
      personaOf.set(String(row.id), typeof row.personaId === 'string' ? row.personaId : null);
    }

    const memories = tx.objectStore('memories');
    memories.createIndex('byPersona', ['personaId', 'createdAt']);
    for (let cursor = await memories.openCursor(); cursor; cursor = await cursor.continue()) {
      const row = cursor.value as Row;
      if (row.personaId !== undefined) continue;
      const owned = OWNED_KINDS.has(String(row.kind)) && typeof row.conversationId === 'string';
      // A conversation that no longer exists leaves its memories shared, never dropped.
      const personaId = owned ? (personaOf.get(row.conversationId as string) ?? null) : null;
      await cursor.update({ ...row, personaId });
    }
  },
};
