import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROTATION_GRACE_MS,
  generateSecret,
  rotateSecret,
  secretKeyBytes,
  secretsInUse,
  WebhookSecretError,
} from './webhook-secret';

const fill =
  (value: number) =>
  (b: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> =>
    b.fill(value);

describe('webhook secrets', () => {
  it('are whsec_ and the base64 of 32 random bytes by default', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKeyBytes(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret); // really random: 2^-256 to collide
  });

  it('encode exactly the random bytes given', () => {
    expect(generateSecret(fill(0xff), 24)).toBe(`whsec_${'/'.repeat(32)}`);
    expect(Array.from(secretKeyBytes(generateSecret(fill(7), 64)))).toEqual(Array(64).fill(7));
  });

  it('hold 24 to 64 bytes', () => {
    expect(() => generateSecret(fill(1), 23)).toThrow(WebhookSecretError);
    expect(() => generateSecret(fill(1), 65)).toThrow(/24–64 bytes, not 65/);
    expect(secretKeyBytes(generateSecret(fill(1), 24))).toHaveLength(24);
  });

  it('refuse a stored secret that is not whsec_ + base64 of 24–64 bytes', () => {
    expect(() => secretKeyBytes('abc')).toThrow(/starts with whsec_/);
    expect(() => secretKeyBytes('whsec_not base64!')).toThrow(/followed by base64/);
    expect(() => secretKeyBytes('whsec_QUJD')).toThrow(/this one holds 3/);
    expect(() => secretKeyBytes(`whsec_${'A'.repeat(88)}`)).toThrow(/this one holds 66/);
  });

  it('rotate: both sign during the grace period, then only the new one', () => {
    const first = { current: generateSecret(fill(1)) };
    expect(secretsInUse(first, 0)).toEqual([first.current]);

    const { secrets, newSecret } = rotateSecret(first, 1_000, { random: fill(2) });
    expect(newSecret).toBe(generateSecret(fill(2)));
    expect(secrets.current).toBe(newSecret);
    expect(secretsInUse(secrets, 1_000)).toEqual([newSecret, first.current]);
    expect(secretsInUse(secrets, 1_000 + DEFAULT_ROTATION_GRACE_MS - 1)).toEqual([newSecret, first.current]);
    expect(secretsInUse(secrets, 1_000 + DEFAULT_ROTATION_GRACE_MS)).toEqual([newSecret]);
  });

  it('keep only two secrets when rotated again during a rotation', () => {
    const a = { current: generateSecret(fill(1)) };
    const b = rotateSecret(a, 0, { random: fill(2), graceMs: 100 }).secrets;
    const c = rotateSecret(b, 50, { random: fill(3), graceMs: 100 }).secrets;
    expect(secretsInUse(c, 60)).toEqual([generateSecret(fill(3)), generateSecret(fill(2))]);
  });
});
