import { describe, expect, it } from 'vitest';
import { parseEvent } from './event-types';
import { parseWebhookUrl, wantsEvent, WebhookEndpoint, WebhookUrlError } from './webhook-endpoint';
import { generateSecret } from './webhook-secret';

describe('webhook endpoint address', () => {
  it('takes https anywhere and http, flagged insecure off this machine', () => {
    expect(parseWebhookUrl(' https://hooks.example.com/hearth?x=1#frag ')).toEqual({
      url: 'https://hooks.example.com/hearth?x=1',
      origin: 'https://hooks.example.com',
      insecure: false,
    });
    expect(parseWebhookUrl('http://127.0.0.1:5678/webhook').insecure).toBe(false);
    expect(parseWebhookUrl('http://localhost:5678/webhook').insecure).toBe(false);
    expect(parseWebhookUrl('http://[::1]:5678/webhook').insecure).toBe(false);
    expect(parseWebhookUrl('http://192.168.1.10:8123/api/webhook/x')).toMatchObject({
      origin: 'http://192.168.1.10:8123',
      insecure: true,
    });
  });

  it('refuses what it will not post to, saying why', () => {
    expect(() => parseWebhookUrl('hooks.example.com')).toThrow(WebhookUrlError);
    expect(() => parseWebhookUrl('ftp://example.com/x')).toThrow(/not ftp:\/\//);
    expect(() => parseWebhookUrl('javascript:alert(1)')).toThrow(/not javascript:/);
    expect(() => parseWebhookUrl('https://user:pw@example.com/')).toThrow(/no user name or password/);
    expect(() => parseWebhookUrl(`https://example.com/${'a'.repeat(2100)}`)).toThrow(/at most 2048/);
  });
});

describe('webhook endpoint record', () => {
  const endpoint = {
    id: 'ep-1',
    url: 'https://hooks.example.com/hearth',
    eventTypes: ['memory.created', 'mood.changed'],
    secrets: { current: generateSecret() },
    enabled: true,
  };

  it('parses a stored endpoint and refuses a malformed one', () => {
    expect(WebhookEndpoint.parse(endpoint)).toEqual(endpoint);
    expect(() => WebhookEndpoint.parse({ ...endpoint, url: 'ftp://x' })).toThrow(/Not a webhook address/);
    expect(() => WebhookEndpoint.parse({ ...endpoint, eventTypes: ['memory.exploded'] })).toThrow();
    expect(() => WebhookEndpoint.parse({ ...endpoint, secrets: { current: 'hunter2' } })).toThrow();
  });

  it('gets only the event types it opted into, and nothing while disabled', () => {
    const base = { id: 'evt_abcdefgh', version: 1, occurredAt: 1, idempotencyKey: 'k' };
    const created = parseEvent({ ...base, type: 'memory.created', data: { memoryId: 'm', kind: 'event' } });
    const forgotten = parseEvent({ ...base, type: 'memory.forgotten', data: { memoryId: 'm' } });
    const ep = WebhookEndpoint.parse(endpoint);
    expect(wantsEvent(ep, created)).toBe(true);
    expect(wantsEvent(ep, forgotten)).toBe(false);
    expect(wantsEvent({ ...ep, enabled: false }, created)).toBe(false);
  });
});
