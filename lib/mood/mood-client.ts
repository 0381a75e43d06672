import type { MoodClient } from './types';
import { request, type Transport } from '../messaging/client';
import type { ChangeChannel } from '../messaging/changes';
import type { TurnMood } from './mood-service';

/**
 * The MoodClient over the typed protocol: every call is a mood/* message to the background
 * (which wakes a stopped worker), and `subscribe` follows the `mood` change topic.
 */
export function createMoodClient(transport: Transport, changes: Pick<ChangeChannel, 'subscribe'>) {
  const client: MoodClient & {
    appraise(input: {
      personaId: string;
      messageId: string;
      text: string;
      role: 'user' | 'assistant';
    }): Promise<TurnMood>;
  } = {
    current: (personaId) => request(transport, 'mood/get', { personaId }),
    history: (personaId, options = {}) => request(transport, 'mood/history', { personaId, ...options }),
    async reset(personaId, what) {
      await request(transport, 'mood/reset', { personaId, what });
    },
    async pause(personaId, paused) {
      await request(transport, 'mood/pause', { personaId, paused });
    },
    exportAll: (personaId) => request(transport, 'mood/export', { personaId }),
    subscribe(listener) {
      return changes.subscribe((change) => {
        if (change.topic === 'mood' || change.topic === 'wipe') listener();
      });
    },
    appraise: (input) => request(transport, 'mood/appraise', input),
  };
  return client;
}

/** The mood client with the panel's appraise call. */
export type MoodProtocolClient = ReturnType<typeof createMoodClient>;
