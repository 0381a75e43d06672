import { describe, expect, it } from 'vitest';
import {
  createEvent,
  EVENT_TYPES,
  OPT_IN_EVENT_TYPES,
  EventSchemaError,
  parseEvent,
  type EventDeps,
} from './event-types';

const deps: EventDeps = {
  now: () => 1_764_000_000_000,
  randomBytes: (b) => b.map((_, i) => i * 7 + 1),
};

describe('events', () => {
  it('lists every event type of issue 10 §1', () => {
    expect(EVENT_TYPES).toEqual([
      'message.sent',
      'message.received',
      'mood.changed',
      'relationship.stage_changed',
      'memory.created',
      'memory.updated',
      'memory.forgotten',
      'persona.changed',
      'page_comment.made',
      'webhook.test',
    ]);
    expect(OPT_IN_EVENT_TYPES).toEqual(EVENT_TYPES.filter((t) => t !== 'webhook.test'));
  });

  it('gives a new event an id, a version, the time and an idempotency key', () => {
    const event = createEvent(
      { type: 'message.sent', data: { conversationId: 'c1', messageId: 'm1', personaId: 'p1' } },
      deps,
    );
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_[A-Za-z0-9_-]{22}$/),
      type: 'message.sent',
      version: 1,
      occurredAt: 1_764_000_000_000,
      idempotencyKey: event.id,
      data: { conversationId: 'c1', messageId: 'm1', personaId: 'p1' },
    });
  });

  it('keeps a key the source names the change by', () => {
    const event = createEvent(
      { type: 'memory.forgotten', data: { memoryId: 'mem-9' }, idempotencyKey: 'memory.forgotten:mem-9' },
      deps,
    );
    expect(event.idempotencyKey).toBe('memory.forgotten:mem-9');
  });

  it('accepts each type with its own data', () => {
    const base = { id: 'evt_abcdefgh', version: 1, occurredAt: 1, idempotencyKey: 'k' };
    const samples = [
      {
        type: 'message.received',
        data: { conversationId: 'c', messageId: 'm', personaId: 'p', status: 'stopped' },
      },
      {
        type: 'mood.changed',
        data: { personaId: 'p', feeling: 'sad', previousFeeling: 'calm', cause: 'message' },
      },
      {
        type: 'relationship.stage_changed',
        data: { personaId: 'p', stage: 'friendly', previousStage: 'acquainted' },
      },
      { type: 'memory.created', data: { memoryId: 'x', kind: 'user-fact', conversationId: 'c' } },
      { type: 'memory.updated', data: { memoryId: 'y', kind: 'preference', supersededId: 'x' } },
      { type: 'persona.changed', data: { personaId: 'p', fields: ['name', 'greeting'] } },
      { type: 'page_comment.made', data: { commentId: 'pc', personaId: 'p' } },
    ];
    for (const sample of samples) expect(parseEvent({ ...base, ...sample })).toEqual({ ...base, ...sample });
  });

  it('refuses content in a thin payload, naming the field', () => {
    expect(() =>
      createEvent(
        {
          type: 'message.sent',
          data: { conversationId: 'c', messageId: 'm', personaId: 'p', content: 'my secret diary' } as never,
        },
        deps,
      ),
    ).toThrow(/Invalid message.sent event at data: Unrecognized key: "content"/);
  });

  it('refuses unknown types, unknown versions and malformed fields from storage', () => {
    const good = {
      id: 'evt_abcdefgh',
      type: 'memory.forgotten',
      version: 1,
      occurredAt: 5,
      idempotencyKey: 'k',
      data: { memoryId: 'm' },
    };
    expect(parseEvent(good)).toEqual(good);
    expect(() => parseEvent({ ...good, type: 'memory.exploded' })).toThrow(EventSchemaError);
    expect(() => parseEvent({ ...good, version: 2 })).toThrow(/at version/);
    expect(() => parseEvent({ ...good, id: 'abc' })).toThrow(/at id: An event id/);
    expect(() => parseEvent({ ...good, idempotencyKey: 'has space' })).toThrow(/at idempotencyKey/);
    expect(() => parseEvent({ ...good, data: { memoryId: '' } })).toThrow(/at data.memoryId/);
    expect(() => parseEvent({ ...good, occurredAt: -1 })).toThrow(/at occurredAt/);
    expect(() => parseEvent('nope')).toThrow(/Invalid unknown event/);
    expect(() =>
      parseEvent({ ...good, type: 'persona.changed', data: { personaId: 'p', fields: [] } }),
    ).toThrow(/at data.fields/);
  });
});
