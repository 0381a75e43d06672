import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { parseEvent } from './event-types';
import { encodeWebhookBody } from './webhook-body';
import { generateSecret, rotateSecret } from './webhook-secret';
import { signOnce, signWebhook } from './webhook-signature';

// standardwebhooks checks the timestamp against the real clock (±5 min), so sign at "now".
const nowSeconds = () => Math.floor(Date.now() / 1000);

const event = parseEvent({
  id: 'evt_abcdefgh',
  type: 'persona.changed',
  version: 1,
  occurredAt: 1_764_000_000_000,
  idempotencyKey: 'evt_abcdefgh',
  data: { personaId: 'ember-✨', fields: ['name', 'speakingStyle'] },
});

/**
 * The plain-HMAC receiver the README shows (Node, no library), kept identical to it: recompute
 * the v1 signature over `${id}.${timestamp}.` + the raw body and compare it with each signature
 * in the header, in constant time, within a 5-minute replay window.
 */
function plainVerify(secret: string, headers: Record<string, string | undefined>, raw: Buffer): boolean {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = headers['webhook-signature'];
  if (!id || !ts || !sigs) return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false; // replay window
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.`).update(raw).digest();
  return sigs.split(' ').some((sig) => {
    const [version, b64] = sig.split(',');
    const given = Buffer.from(b64 ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('webhook signatures', () => {
  it('verify with the standardwebhooks package over the exact bytes sent', async () => {
    const secret = generateSecret();
    const body = encodeWebhookBody(event);
    const headers = await signWebhook({
      id: event.idempotencyKey,
      timestamp: nowSeconds(),
      body,
      secrets: [secret],
    });
    expect(headers['webhook-id']).toBe('evt_abcdefgh');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    const payload = new Webhook(secret).verify(Buffer.from(body), { ...headers });
    expect(payload).toEqual(JSON.parse(new TextDecoder().decode(body)));
    expect(plainVerify(secret, { ...headers }, Buffer.from(body))).toBe(true);
  });

  it('match the package’s own signature for the same message', async () => {
    const secret = generateSecret();
    const body = encodeWebhookBody(event);
    const ts = nowSeconds();
    const ours = await signOnce(secret, 'msg_1', ts, body);
    expect(ours).toBe(new Webhook(secret).sign('msg_1', new Date(ts * 1000), new TextDecoder().decode(body)));
  });

  it('fail verification when the body, the id, the timestamp or the secret differ', async () => {
    const secret = generateSecret();
    const body = encodeWebhookBody(event);
    const ts = nowSeconds();
    const headers = { ...(await signWebhook({ id: 'k1', timestamp: ts, body, secrets: [secret] })) };
    const wh = new Webhook(secret);
    const tampered = Buffer.from(new TextDecoder().decode(body).replace('speakingStyle', 'greeting'));
    expect(() => wh.verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(() => wh.verify(Buffer.from(body), { ...headers, 'webhook-id': 'k2' })).toThrow(/No matching/);
    expect(() => wh.verify(Buffer.from(body), { ...headers, 'webhook-timestamp': String(ts - 1) })).toThrow(
      /No matching/,
    );
    expect(() => new Webhook(generateSecret()).verify(Buffer.from(body), headers)).toThrow(/No matching/);
    expect(plainVerify(secret, { ...headers, 'webhook-id': 'k2' }, Buffer.from(body))).toBe(false);
    // A replayed delivery from ten minutes ago is refused by both receivers.
    const stale = { ...(await signWebhook({ id: 'k1', timestamp: ts - 600, body, secrets: [secret] })) };
    expect(() => wh.verify(Buffer.from(body), stale)).toThrow(/too old/);
    expect(plainVerify(secret, stale, Buffer.from(body))).toBe(false);
  });

  it('during a rotation, carry both signatures: receivers with the old and the new secret both verify', async () => {
    const old = { current: generateSecret() };
    const { secrets, newSecret } = rotateSecret(old, 0, { graceMs: 60_000 });
    const body = encodeWebhookBody(event);
    const headers = {
      ...(await signWebhook({ id: 'k1', timestamp: nowSeconds(), body, secrets: [newSecret, old.current] })),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(old.current).verify(Buffer.from(body), headers)).toBeTruthy();
    expect(new Webhook(secrets.current).verify(Buffer.from(body), headers)).toBeTruthy();
    expect(plainVerify(old.current, headers, Buffer.from(body))).toBe(true);
    expect(plainVerify(newSecret, headers, Buffer.from(body))).toBe(true);
    expect(() => new Webhook(generateSecret()).verify(Buffer.from(body), headers)).toThrow(/No matching/);
  });

  it('refuse to sign with no secret, a bad secret or a fractional timestamp', async () => {
    const body = new Uint8Array([1]);
    await expect(signWebhook({ id: 'k', timestamp: 1, body, secrets: [] })).rejects.toThrow(/at least one/);
    await expect(signWebhook({ id: 'k', timestamp: 1, body, secrets: ['whsec_QUJD'] })).rejects.toThrow(
      /holds 3/,
    );
    await expect(signWebhook({ id: 'k', timestamp: 1.5, body, secrets: [generateSecret()] })).rejects.toThrow(
      /whole Unix seconds/,
    );
  });
});
