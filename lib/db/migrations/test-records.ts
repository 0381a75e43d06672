import type { MemoryRecord } from '../../memory/records';

/** A memory as version 2 of the schema stored it, shared by the migration tests. */
export const STORED_MEMORY: MemoryRecord = {
  id: 'mem1',
  text: 'The user loves hiking.',
  textKey: 'k',
  kind: 'preference',
  provenance: { type: 'messages', messageIds: ['m1'] },
  conversationId: 'c1',
  createdAt: 1000,
  updatedAt: 1000,
  validFrom: 1000,
  importance: 0.6,
  emotion: { valence: 0.5, arousal: 0.2 },
  pinned: false,
  accessCount: 0,
};
