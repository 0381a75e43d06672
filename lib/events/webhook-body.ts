import { z } from 'zod';
import { EVENT_TYPES, HearthEvent, IdempotencyKey } from './event-types';

/**
 * The JSON body of a webhook request (issue 10 §4), following Standard Webhooks' recommended
 * shape `{type, timestamp, data}` plus Hearth's ids and versions. `schema` is the version of this
 * envelope; `version` is the version of the type's `data`. The README documents it, and
 * `webhookBodyJsonSchema()` gives it as a JSON Schema for receivers that validate.
 */

/** The version of the body's envelope; bumped only for an incompatible change of the envelope. */
export const WEBHOOK_BODY_SCHEMA = 1;

/** The identifier of the body's JSON Schema. */
export const WEBHOOK_BODY_SCHEMA_ID = 'urn:hearth:webhook-body:1';

// The body is derived from the event schemas, so a new event type is documented by adding it.
const bodyVariants = HearthEvent.options.map((variant) =>
  z.strictObject({
    schema: z.literal(WEBHOOK_BODY_SCHEMA),
    id: variant.shape.id,
    type: variant.shape.type,
    version: variant.shape.version,
    /** When the change happened, ISO 8601 in UTC. */
    timestamp: z.iso.datetime(),
    idempotencyKey: IdempotencyKey,
    data: variant.shape.data,
  }),
);

/** A webhook request body. */
export const WebhookBody = z.discriminatedUnion(
  'type',
  bodyVariants as unknown as [(typeof bodyVariants)[number], ...(typeof bodyVariants)[number][]],
);
/** A webhook request body. */
export type WebhookBody = z.infer<typeof WebhookBody>;

/** The body for an event. */
export function toWebhookBody(event: HearthEvent): WebhookBody {
  return WebhookBody.parse({
    schema: WEBHOOK_BODY_SCHEMA,
    id: event.id,
    type: event.type,
    version: event.version,
    timestamp: new Date(event.occurredAt).toISOString(),
    idempotencyKey: event.idempotencyKey,
    data: event.data,
  });
}

/**
 * The exact bytes sent (and signed) for an event. Signing and sending share these bytes, so no
 * re-serialisation between them can make the signature disagree with the body.
 */
export function encodeWebhookBody(event: HearthEvent): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(toWebhookBody(event)));
}

/** The body as a JSON Schema (draft 2020-12), for the README and for receivers that validate. */
export function webhookBodyJsonSchema(): Record<string, unknown> {
  return {
    $id: WEBHOOK_BODY_SCHEMA_ID,
    title: 'Hearth webhook body',
    description: `One Hearth event. Types: ${EVENT_TYPES.join(', ')}.`,
    ...z.toJSONSchema(WebhookBody, { target: 'draft-2020-12' }),
  };
}
