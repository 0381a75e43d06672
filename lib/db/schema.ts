import type { DBSchema } from 'idb';
import type { ConversationRecord, MessageRecord, PersonaRecord, SecretRecord } from './records';
import type { MemoryRecord } from '../memory/records';
import type { VectorBlockRecord } from '../memory/vector/records';
import type { MoodLogRecord, MoodStateRecord, RelationshipRecord } from '../mood/mood-store';
import type { PageSummaryRecord, SeenRecord } from '../privacy/seen-records';

/** Name of Hearth's IndexedDB database. */
export const DB_NAME = 'hearth';

/** The current shape of the database; each store's history is in lib/db/migrations/. */
export interface HearthDB extends DBSchema {
  conversations: {
    key: string;
    value: ConversationRecord;
    indexes: { byUpdatedAt: number };
  };
  messages: {
    key: string;
    value: MessageRecord;
    indexes: { byConversation: [string, number] };
  };
  personas: {
    key: string;
    value: PersonaRecord;
  };
  memories: {
    key: string;
    value: MemoryRecord;
    indexes: {
      byCreatedAt: number;
      byValidFrom: number;
      byKind: [string, number];
      bySite: [string, number];
      byConversation: [string, number];
      byPinnedAt: number;
      byTextKey: string;
      bySourceMessage: string;
    };
  };
  /** Quantized memory vectors, per embedder (lib/memory/vector/vector-store.ts); derived, not exported. */
  vectorBlocks: {
    key: [string, number];
    value: VectorBlockRecord;
    indexes: { byId: string };
  };
  /** Secrets only the extension's own contexts may read (lib/settings/secrets.ts); never exported. */
  secrets: {
    key: string;
    value: SecretRecord;
  };
  /** The mood per persona (lib/mood/mood-store.ts). */
  moodStates: {
    key: string;
    value: MoodStateRecord;
  };
  /** The relationship per persona. */
  relationships: {
    key: string;
    value: RelationshipRecord;
  };
  /** Every change of mood or relationship, with its cause. */
  moodLog: {
    key: string;
    value: MoodLogRecord;
    indexes: { byPersona: [string, number] };
  };
  /** What Hearth read of pages, for the user to see and clear (lib/privacy/seen-log.ts). */
  seenLog: {
    key: string;
    value: SeenRecord;
    indexes: { byAt: number; byExpiresAt: number };
  };
  /** Short summaries of pages on allowed sites, by address, when the user keeps them. */
  pageSummaries: {
    key: string;
    value: PageSummaryRecord;
    indexes: { byExpiresAt: number };
  };
}

/** The stores of the current schema, for transactions that span them. */
export type StoreName =
  | 'conversations'
  | 'messages'
  | 'personas'
  | 'memories'
  | 'vectorBlocks'
  | 'secrets'
  | 'moodStates'
  | 'relationships'
  | 'moodLog'
  | 'seenLog'
  | 'pageSummaries';
