import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, parseEvent } from './event-types';
import { encodeWebhookBody, toWebhookBody, WebhookBody, webhookBodyJsonSchema } from './webhook-body';

const event = parseEvent({
  id: 'evt_abcdefgh',
  type: 'relationship.stage_changed',
  version: 1,
  occurredAt: Date.UTC(2026, 11, 2, 11, 36, 20, 5),
  idempotencyKey: 'rel:p1:friendly',
  data: { personaId: 'p1', stage: 'friendly', previousStage: 'acquainted' },
});

describe('webhook body', () => {
  it('is the documented envelope around the event', () => {
    expect(toWebhookBody(event)).toEqual({
      schema: 1,
      id: 'evt_abcdefgh',
      type: 'relationship.stage_changed',
      version: 1,
      timestamp: '2026-12-02T11:36:20.005Z',
      idempotencyKey: 'rel:p1:friendly',
      data: { personaId: 'p1', stage: 'friendly', previousStage: 'acquainted' },
    });
  });

  it('encodes to UTF-8 JSON bytes that parse back to a valid body', () => {
    const named = parseEvent({
      ...event,
      type: 'persona.changed',
      data: { personaId: 'é-ü-😀', fields: ['name'] },
    });
    const bytes = encodeWebhookBody(named);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('é-ü-😀');
    expect(bytes.length).toBeGreaterThan(text.length); // multi-byte characters: bytes, not UTF-16 units
    expect(WebhookBody.parse(JSON.parse(text))).toEqual(toWebhookBody(named));
  });

  it('refuses a body with an unknown envelope version or extra fields', () => {
    const body = toWebhookBody(event);
    expect(() => WebhookBody.parse({ ...body, schema: 2 })).toThrow();
    expect(() => WebhookBody.parse({ ...body, conversation: [] })).toThrow();
  });

  it('has a JSON Schema with one branch per event type', () => {
    const schema = webhookBodyJsonSchema();
    expect(schema.$id).toBe('urn:hearth:webhook-body:1');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const branches = schema.oneOf as { properties: { type: { const: string }; data: object } }[];
    expect(branches.map((b) => b.properties.type.const)).toEqual(EVENT_TYPES);
    const stage = branches.find((b) => b.properties.type.const === 'relationship.stage_changed');
    expect(stage?.properties.data).toMatchObject({
      additionalProperties: false,
      required: ['personaId', 'stage', 'previousStage'],
    });
  });
});
