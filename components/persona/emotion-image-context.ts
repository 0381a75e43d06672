import { createContext } from 'preact';
import type { EmotionImageSource } from '../../lib/persona/emotion-images-source';

export type { EmotionImageSource };

/** Provided where a page is wired (the panel); without it the avatar draws its built-in faces. */
export const EmotionImageContext = createContext<EmotionImageSource | null>(null);
