import { fromBase64, toBase64 } from './base64';

/**
 * Webhook signing secrets as Standard Webhooks defines them: `whsec_` and the base64 of 24–64
 * random bytes. A secret is shown to the user once (settings UI, later) and can be rotated; while
 * a rotation's grace period runs, each delivery is signed with both the new and the old secret,
 * so a receiver can switch at its own pace without rejecting a single delivery.
 */

/** The prefix Standard Webhooks gives signing secrets. */
export const SECRET_PREFIX = 'whsec_';
/** Fewest random bytes in a secret (Standard Webhooks: 24–64). */
export const MIN_SECRET_BYTES = 24;
/** Most random bytes in a secret. */
export const MAX_SECRET_BYTES = 64;
/** How many random bytes Hearth puts in a secret it makes. */
export const DEFAULT_SECRET_BYTES = 32;
/** How long the old secret still signs after a rotation. */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/** Fills the array with random bytes (crypto.getRandomValues in the extension; injected in tests). */
export type RandomBytes = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const systemRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

/** A secret that is not `whsec_` + base64 of 24–64 bytes. */
export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError';
}

/** A new secret: `whsec_` + base64 of `size` random bytes. */
export function generateSecret(random: RandomBytes = systemRandom, size = DEFAULT_SECRET_BYTES): string {
  if (!Number.isInteger(size) || size < MIN_SECRET_BYTES || size > MAX_SECRET_BYTES) {
    throw new WebhookSecretError(`A secret has ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} bytes, not ${size}.`);
  }
  return SECRET_PREFIX + toBase64(random(new Uint8Array(size)));
}

/** The key bytes of a secret, or WebhookSecretError saying what is wrong with it. */
export function secretKeyBytes(secret: string): Uint8Array<ArrayBuffer> {
  if (!secret.startsWith(SECRET_PREFIX)) {
    throw new WebhookSecretError(`A webhook secret starts with ${SECRET_PREFIX}.`);
  }
  const bytes = fromBase64(secret.slice(SECRET_PREFIX.length));
  if (!bytes) throw new WebhookSecretError('A webhook secret is whsec_ followed by base64.');
  if (bytes.length < MIN_SECRET_BYTES || bytes.length > MAX_SECRET_BYTES) {
    throw new WebhookSecretError(
      `A webhook secret holds ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} bytes; this one holds ${bytes.length}.`,
    );
  }
  return bytes;
}

/** An endpoint's signing secrets: the current one and, during a rotation, the one it replaced. */
export interface SigningSecrets {
  current: string;
  /** The replaced secret and until when (epoch ms) it still signs. */
  previous?: { secret: string; until: number };
}

/** The secrets that sign a delivery at `now`: the current one first, the old one during its grace. */
export function secretsInUse(secrets: SigningSecrets, now: number): string[] {
  return secrets.previous && now < secrets.previous.until
    ? [secrets.current, secrets.previous.secret]
    : [secrets.current];
}

/**
 * A rotation: a fresh current secret, and the old current one kept for `graceMs`. A rotation
 * during a rotation drops the oldest secret: only two ever sign, as Standard Webhooks expects.
 */
export function rotateSecret(
  secrets: SigningSecrets,
  now: number,
  options: { graceMs?: number; random?: RandomBytes } = {},
): { secrets: SigningSecrets; newSecret: string } {
  const newSecret = generateSecret(options.random);
  const graceMs = options.graceMs ?? DEFAULT_ROTATION_GRACE_MS;
  return {
    newSecret,
    secrets: { current: newSecret, previous: { secret: secrets.current, until: now + graceMs } },
  };
}
