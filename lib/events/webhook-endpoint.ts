import { z } from 'zod';
import { HearthEvent, type EventType } from './event-types';

/**
 * A webhook endpoint as the user sets it up (issue 10 §4): an address, the event types it opted
 * into, and its signing secrets. Stored by the settings/outbox work that comes later; the
 * schema lives here so the delivery code and that store agree on it.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An address that is not one Hearth will post events to. */
export class WebhookUrlError extends Error {
  override readonly name = 'WebhookUrlError';
}

/**
 * The address normalised, with its origin (for the host-permission request) and whether it is
 * plain http to a machine other than this one (the settings page warns: events then cross the
 * network unencrypted). Refuses other schemes, credentials in the URL and over-long addresses.
 */
export function parseWebhookUrl(input: string): { url: string; origin: string; insecure: boolean } {
  const text = input.trim();
  if (text.length > 2048) throw new WebhookUrlError('A webhook address is at most 2048 characters.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookUrlError(`"${text.slice(0, 80)}" is not a web address (https://…).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookUrlError(`A webhook address starts with https:// (or http://), not ${url.protocol}//.`);
  }
  // A user name or password in the URL would be sent with every event and shown in the settings.
  if (url.username || url.password) {
    throw new WebhookUrlError(
      'Put no user name or password in the webhook address; the signature proves the sender.',
    );
  }
  url.hash = '';
  return {
    url: url.href,
    origin: url.origin,
    insecure: url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname),
  };
}

const SigningSecretsSchema = z.strictObject({
  current: z.string().startsWith('whsec_').max(200),
  previous: z
    .strictObject({ secret: z.string().startsWith('whsec_').max(200), until: z.number() })
    .optional(),
});

const EventTypeSchema = z.enum(
  HearthEvent.options.map((o) => o.shape.type.value) as [EventType, ...EventType[]],
);

/** One endpoint as stored. */
export const WebhookEndpoint = z.strictObject({
  id: z.string().min(1).max(200),
  url: z.string().refine(
    (u) => {
      try {
        return parseWebhookUrl(u).url === u;
      } catch {
        return false;
      }
    },
    { message: 'Not a webhook address Hearth posts to (https://…, no credentials).' },
  ),
  /** The event types the user opted into; nothing is sent for the others. */
  eventTypes: z.array(EventTypeSchema).max(50),
  secrets: SigningSecretsSchema,
  /** False after a 410 or when the user pauses it. */
  enabled: z.boolean(),
  /** Why it was disabled (e.g. the 410's reason), for the settings page. */
  disabledReason: z.string().max(500).optional(),
});
/** One endpoint as stored. */
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** Whether an event goes to an endpoint: it is enabled and opted into the event's type. */
export function wantsEvent(
  endpoint: Pick<WebhookEndpoint, 'enabled' | 'eventTypes'>,
  event: HearthEvent,
): boolean {
  return endpoint.enabled && endpoint.eventTypes.includes(event.type);
}
