import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import type { ChangeChannel } from '../messaging/changes';
import type { Feeling } from '../mood/types';
import { createEmotionImagesService } from './emotion-images-service';
import { createPersonaStore } from './persona-store';

/** Where the avatar finds a persona's pictures for its feelings. */
export interface EmotionImageSource {
  /** The persona's own pictures by feeling (the user's over the card's), before fallbacks. */
  load(personaId: string): Promise<Partial<Record<Feeling, Blob>>>;
  /** Calls back when personas' pictures may have changed; returns the unsubscribe. */
  watch(onChange: () => void): () => void;
}

/**
 * The panel's emotion images: read from the persona assets over the page's database
 * connection (opened when first asked, so a panel whose avatar never shows opens nothing
 * for it), and read again when another context says personas changed.
 */
export function createEmotionImageSource(
  openDb: () => Promise<IDBPDatabase<HearthDB>>,
  changes: Pick<ChangeChannel, 'subscribe'>,
): EmotionImageSource {
  const service = async () => {
    const store = createPersonaStore(await openDb());
    return createEmotionImagesService({
      get: (id) => store.find(id),
      assets: (id) => store.assets(id),
      addAsset: () => Promise.reject(new Error('The panel does not add pictures.')),
      deleteAsset: () => Promise.reject(new Error('The panel does not remove pictures.')),
    });
  };
  return {
    load: async (personaId) => (await service()).byFeeling(personaId),
    watch: (onChange) =>
      changes.subscribe((change) => {
        if (change.topic === 'personas' || change.topic === 'wipe') onChange();
      }),
  };
}
