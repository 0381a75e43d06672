import type { Change } from '../messaging/changes';
import type { HearthEvent } from './event-types';
import { onOutboxCommit } from './outbox-store';

/**
 * The live-sync notices for committed events: whatever a store wrote with an event, every other
 * open context hears of at once, whichever code path made the change (issue 10 §3). Notices a
 * caller already sends as well are harmless: receivers re-read what changed.
 */
export function changesFor(events: readonly HearthEvent[]): Change[] {
  const memories = new Set<string>();
  const personas = new Set<string>();
  const mood = new Set<string>();
  const conversations = new Set<string>();
  for (const event of events) {
    switch (event.type) {
      case 'message.sent':
      case 'message.received':
        conversations.add(event.data.conversationId);
        break;
      case 'memory.created':
      case 'memory.updated':
      case 'memory.forgotten':
        memories.add(event.data.memoryId);
        break;
      case 'persona.changed':
        personas.add(event.data.personaId);
        break;
      case 'mood.changed':
      case 'relationship.stage_changed':
        mood.add(event.data.personaId);
        break;
    }
  }
  return [
    ...[...conversations].map((conversationId): Change => ({ topic: 'messages', conversationId })),
    ...(memories.size ? [{ topic: 'memories', ids: [...memories] } as Change] : []),
    ...(personas.size ? [{ topic: 'personas', ids: [...personas] } as Change] : []),
    ...(mood.size ? [{ topic: 'mood', ids: [...mood] } as Change] : []),
  ];
}

/** In a page: announce every committed event's change to the other contexts. Returns the unsubscribe. */
export function announceCommits(publish: (change: Change) => void): () => void {
  return onOutboxCommit((events) => changesFor(events).forEach(publish));
}
