import { z } from 'zod';
import { EventId, IdempotencyKey } from './event-types';
import { WebhookEndpoint } from './webhook-endpoint';

/**
 * The stored shapes of migration 007 (lib/db/migrations/007-outbox.ts). Each is checked when
 * read back, so a record written by a damaged or older build is reported, not misread.
 */

/** One event in the outbox; `event` is parsed with parseEvent on the way out. */
export const OutboxRecord = z.object({
  id: EventId,
  event: z.unknown(),
  /** Its place among the events written together (they share a time). */
  n: z.number().int().nonnegative().default(0),
  /** Present until the event has been fanned out to the endpoints (the sparse `byPending` index). */
  pendingAt: z.number().optional(),
});
/** One event in the outbox. */
export type OutboxRecord = z.infer<typeof OutboxRecord>;

/** An endpoint as stored: the endpoint and when it was added. */
export const WebhookEndpointRecord = WebhookEndpoint.extend({ createdAt: z.number() });
/** An endpoint as stored. */
export type WebhookEndpointRecord = z.infer<typeof WebhookEndpointRecord>;

/** Where one delivery stands (the retry schedule's states, stored). */
export const DeliveryStatus = z.enum(['pending', 'delivered', 'dead']);

/** One event to one endpoint. */
export const DeliveryRecord = z.object({
  /** `${endpointId}|${eventId}`: one delivery per pair, however often fan-out runs. */
  id: z.string().min(1).max(420),
  endpointId: z.string().min(1).max(200),
  eventId: EventId,
  /** Sent as `webhook-id`; the event's key, the same on every attempt and every replay. */
  idempotencyKey: IdempotencyKey,
  status: DeliveryStatus,
  attempts: z.number().int().nonnegative(),
  /** Pending: when the next attempt may start (a lease pushes it past the attempt's end). */
  dueAt: z.number().optional(),
  /** The attempt holding the delivery, until `dueAt`; a killed worker's lease simply expires. */
  lease: z.string().max(100).optional(),
  lastError: z.string().max(1000).optional(),
  /** Dead: when, and why (shown in the dead-letter list). */
  deadAt: z.number().optional(),
  reason: z.string().max(1000).optional(),
  deliveredAt: z.number().optional(),
  /** How many times the user replayed it from the dead-letter list. */
  replays: z.number().int().nonnegative().default(0),
});
/** One event to one endpoint. */
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/** The id of the delivery of `eventId` to `endpointId`. */
export function deliveryId(endpointId: string, eventId: string): string {
  return `${endpointId}|${eventId}`;
}
