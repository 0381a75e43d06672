import { createContext } from 'preact';
import type { ImageStore } from '../../lib/images/image-store';

/** The panel's picture store, for messages that show pictures; null where there is none. */
export const ImagesContext = createContext<Pick<ImageStore, 'forMessage'> | null>(null);
