import type { DBSchema } from 'idb';
import type {
  ConversationRecord,
  MessageRecord,
  PersonaAssetRecord,
  PersonaRecord,
  SecretRecord,
} from './records';
import type { MemoryRecord } from '../memory/records';
import type { VectorBlockRecord } from '../memory/vector/records';
import type { MoodLogRecord, MoodStateRecord, RelationshipRecord } from '../mood/mood-store';
import type { DeliveryRecord, OutboxRecord, WebhookEndpointRecord } from '../events/outbox-records';
import type { ImageRecord } from '../images/image-store';
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
      /** Memories owned by a persona (shared ones, personaId null, are not in it). */
      byPersona: [string, number];
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
  /** Every event, written with its change (migration 007, lib/events/outbox-store.ts). */
  outbox: {
    key: string;
    value: OutboxRecord;
    indexes: { byPending: number; byTime: number };
  };
  /** Webhook endpoints with their signing secrets; never exported. */
  webhookEndpoints: {
    key: string;
    value: WebhookEndpointRecord;
  };
  /** One per event and endpoint: attempts, lease, dead letters. */
  deliveries: {
    key: string;
    value: DeliveryRecord;
    indexes: { byDue: number; byDead: number; byEndpoint: string; byDelivered: number };
  };
  /** Pictures as blobs with their message (lib/images/image-store.ts). */
  images: {
    key: string;
    value: ImageRecord;
    indexes: { byMessage: string; byConversation: string };
  };
  /** A persona's images and card files (migration 006). */
  personaAssets: {
    key: string;
    value: PersonaAssetRecord;
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
  | 'outbox'
  | 'webhookEndpoints'
  | 'deliveries'
  | 'images'
  | 'personaAssets'
  | 'seenLog'
  | 'pageSummaries';
