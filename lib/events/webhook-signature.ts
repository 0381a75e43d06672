import { toBase64 } from './base64';
import { secretKeyBytes } from './webhook-secret';

/**
 * Standard Webhooks signatures with WebCrypto (crypto.subtle: the service worker and Node 20
 * both have it, so the same code signs in the extension and in the tests).
 *
 * The signed content is `${webhook-id}.${webhook-timestamp}.${body}` over the exact body bytes
 * sent; the header is `v1,<base64 HMAC-SHA256>`, one per secret in use, space-separated.
 */

/** The three headers of a Standard Webhooks request. */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The `v1,<base64>` signature of one message with one secret. */
export async function signOnce(
  secret: string,
  id: string,
  timestamp: number,
  body: Uint8Array,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    secretKeyBytes(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, signedContent(id, timestamp, body));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/**
 * The headers for one delivery: `id` is the idempotency key, `timestamp` Unix seconds, and one
 * signature per secret (during a rotation: the new secret's first, then the old one's).
 */
export async function signWebhook(input: {
  id: string;
  timestamp: number;
  body: Uint8Array;
  secrets: readonly string[];
}): Promise<WebhookHeaders> {
  if (input.secrets.length === 0) throw new Error('A webhook is signed with at least one secret.');
  if (!Number.isInteger(input.timestamp) || input.timestamp < 0) {
    throw new Error(`A webhook timestamp is whole Unix seconds, not ${input.timestamp}.`);
  }
  const signatures = await Promise.all(
    input.secrets.map((secret) => signOnce(secret, input.id, input.timestamp, input.body)),
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signatures.join(' '),
  };
}

function signedContent(id: string, timestamp: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix, 0);
  content.set(body, prefix.length);
  return content;
}
