import type { EventType } from '../../lib/events/event-types';

/** How the options page names each event type an endpoint can opt into. */
export const EVENT_LABELS: Record<EventType, string> = {
  'message.sent': 'You sent a message',
  'message.received': 'The companion replied',
  'mood.changed': 'Mood changed',
  'relationship.stage_changed': 'Relationship stage changed',
  'memory.created': 'A memory was stored',
  'memory.updated': 'A memory changed',
  'memory.forgotten': 'A memory was forgotten',
  'persona.changed': 'The persona was edited',
  'page_comment.made': 'A comment on a page',
  'webhook.test': 'Test event',
};
