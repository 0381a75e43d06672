// Records and helpers shared by the backup tests (imported by *.test.ts only).
import type { IDBPDatabase } from 'idb';
import { openHearthDb } from '../db/open';
import type { HearthDB } from '../db/schema';
import type { ConversationRecord, MessageRecord, PersonaRecord } from '../db/records';
import { memoryTextKey, type MemoryRecord } from '../memory/records';
import { defaultPersona } from '../persona/default-persona';
import { STORE_SECTIONS, STORE_SECTION_NAMES } from './format';

/** The fixtures' clock: record times are offsets from it (backups refuse dates before 2000). */
export const T0 = Date.parse('2025-03-01T12:00:00Z');

export async function freshDb(): Promise<IDBPDatabase<HearthDB>> {
  return openHearthDb({ name: `backup-${crypto.randomUUID()}` });
}

export function conversation(id: string, at = 1000): ConversationRecord {
  return { id, title: `Chat ${id}`, personaId: 'default', createdAt: T0 + at, updatedAt: T0 + at + 10 };
}

export function message(id: string, conversationId: string, seq: number): MessageRecord {
  return {
    id,
    conversationId,
    seq,
    role: seq % 2 ? 'assistant' : 'user',
    content: `message ${id}`,
    createdAt: T0 + 1000 + seq,
    status: 'complete',
    ...(seq % 2 ? { engine: 'openai', model: 'llama' } : {}),
  };
}

export function memory(id: string, text: string, extra: Partial<MemoryRecord> = {}): MemoryRecord {
  const record: MemoryRecord = {
    id,
    text,
    textKey: memoryTextKey(text),
    kind: 'user-fact',
    provenance: { type: 'messages', messageIds: ['m1'] },
    conversationId: 'c1',
    createdAt: T0 + 2000,
    updatedAt: T0 + 2000,
    validFrom: T0 + 2000,
    importance: 0.5,
    emotion: { valence: 0.2, arousal: -0.1 },
    pinned: false,
    accessCount: 0,
    ...extra,
  };
  // No `key: undefined` left behind: a record read back from a file has no such key either.
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as MemoryRecord;
}

export const persona: PersonaRecord = { ...defaultPersona(T0 + 500), name: 'Ember' };
export const otherPersona: PersonaRecord = { ...defaultPersona(T0 + 600), id: 'p2', name: 'Sage' };

/** A database with a bit of everything, including a pinned, a superseded and a page memory. */
export async function seed(db: IDBPDatabase<HearthDB>): Promise<void> {
  const tx = db.transaction(['personas', 'conversations', 'messages', 'memories'], 'readwrite');
  await tx.objectStore('personas').put(persona);
  await tx.objectStore('personas').put(otherPersona);
  await tx.objectStore('conversations').put(conversation('c1'));
  await tx.objectStore('conversations').put({ ...conversation('c2', 3000), personaId: 'p2' });
  for (let i = 0; i < 4; i++) await tx.objectStore('messages').put(message(`m${i + 1}`, 'c1', i));
  await tx
    .objectStore('messages')
    .put({ ...message('m9', 'c2', 0), status: 'error', error: 'The server hung up.' });
  const memories = [
    memory('mem1', 'The user loves hiking.', { kind: 'preference', embedderId: 'tiny@q8' }),
    memory('mem2', 'The user lives in Lyon.', {
      validUntil: T0 + 5000,
      supersededBy: 'mem3',
      pinned: true,
      pinnedAt: T0 + 2500,
      accessCount: 3,
      lastAccessedAt: T0 + 4000,
    }),
    memory('mem3', 'The user moved to Grenoble.', { role: 'user', speaker: 'Sam', embedderId: 'tiny@q8' }),
    memory('mem4', 'An article about alpine lakes.', {
      kind: 'page',
      provenance: { type: 'page', url: 'https://example.com/lakes', title: 'Lakes' },
      site: 'example.com',
      conversationId: undefined,
      importance: 0.9,
    }),
  ];
  for (const m of memories) await tx.objectStore('memories').put(m);
  await tx.done;
}

/** Every record of every exported store, sorted by key (getAll order). */
export async function snapshot(db: IDBPDatabase<HearthDB>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of STORE_SECTION_NAMES) out[name] = await db.getAll(STORE_SECTIONS[name].store);
  return out;
}

/** A memory as a backup carries it: without the pointer to its (not exported) vector. */
export function withoutEmbedder(record: unknown): unknown {
  const { embedderId: _dropped, ...rest } = record as MemoryRecord;
  return rest;
}
