import { createVectorStoreSchema } from '../../memory/vector/vector-store';
import type { Migration } from './types';

/**
 * Version 3: the dense vector index of memories, as quantized blocks per embedder
 * (lib/memory/vector/vector-store.ts). Derived from memory texts, so never exported.
 */
export const migration003: Migration = {
  version: 3,
  description: 'vectors',
  migrate(db) {
    createVectorStoreSchema(db);
  },
};
