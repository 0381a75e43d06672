import { createContext } from 'preact';
import type { Feeling } from '../../lib/mood/types';

/** Where the avatar finds a persona's pictures for its feelings. */
export interface EmotionImageSource {
  /** The persona's own pictures by feeling (the user's over the card's), before fallbacks. */
  load(personaId: string): Promise<Partial<Record<Feeling, Blob>>>;
  /** Calls back when personas' pictures may have changed; returns the unsubscribe. */
  watch(onChange: () => void): () => void;
}

/** Provided where a page is wired (the panel); without it the avatar draws its built-in faces. */
export const EmotionImageContext = createContext<EmotionImageSource | null>(null);
