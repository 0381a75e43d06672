import { describe, expect, it } from 'vitest';
import { memoriesForgotten, messageEvents, moodEvents, personaEvents } from './source-events';
import { createEvent } from './event-types';
import { defaultPersona } from '../persona/default-persona';
import type { MessageRecord } from '../db/records';

const deps = { now: () => 5, randomBytes: (b: Uint8Array<ArrayBuffer>) => b.fill(7) };
const message = (
  role: 'user' | 'assistant',
  status: MessageRecord['status'] = 'complete',
): MessageRecord => ({
  id: 'm1',
  conversationId: 'c1',
  seq: 0,
  role,
  content: 'private words',
  createdAt: 1,
  status,
});

describe('the events a change makes', () => {
  it('keys name the change, so writing the same change twice is one delivery', () => {
    const a = messageEvents(message('user'), 'p1', true);
    const b = messageEvents(message('user'), 'p1', true);
    expect(a[0]!.idempotencyKey).toBe('message.sent:m1');
    expect(createEvent(a[0]!, deps).idempotencyKey).toBe(createEvent(b[0]!, deps).idempotencyKey);
    expect(messageEvents(message('assistant', 'error'), 'p1', true)[0]).toMatchObject({
      type: 'message.received',
      data: { status: 'error' },
    });
    expect(messageEvents(message('assistant'), 'p1', false)).toEqual([]);
  });

  it('every event made from a record passes its strict schema: ids, never text', () => {
    const inputs = [
      ...messageEvents(message('user'), 'p1', true),
      ...memoriesForgotten(['a', 'b'], 9),
      ...personaEvents(undefined, defaultPersona()),
    ];
    const events = inputs.map((input) => createEvent(input, deps));
    expect(events.map((e) => e.type)).toEqual([
      'message.sent',
      'memory.forgotten',
      'memory.forgotten',
      'persona.changed',
    ]);
    expect(JSON.stringify(events)).not.toContain('private words');
    expect(JSON.stringify(events)).not.toContain(defaultPersona().greeting);
  });

  it('mood: no event without a "before", none for the same feeling and stage', () => {
    const rel = { personaId: 'p1', familiarity: 0, trust: 0.3, affection: 0.1, updatedAt: 1, paused: false };
    expect(
      moodEvents({
        personaId: 'p1',
        before: {},
        after: { feeling: 'sad', relationship: rel },
        entries: [],
        at: 1,
      }),
    ).toEqual([]);
    expect(
      moodEvents({
        personaId: 'p1',
        before: { feeling: 'sad', relationship: rel },
        after: { feeling: 'sad', relationship: { ...rel, familiarity: 0.05 } },
        entries: [],
        at: 2,
      }),
    ).toEqual([]);
    const changed = moodEvents({
      personaId: 'p1',
      before: { feeling: 'sad' },
      after: { feeling: 'calm' },
      entries: [],
      at: 3,
    });
    expect(changed).toEqual([
      {
        type: 'mood.changed',
        data: { personaId: 'p1', feeling: 'calm', previousFeeling: 'sad', cause: 'update' },
        idempotencyKey: 'mood.changed:p1:3:calm',
      },
    ]);
  });
});
