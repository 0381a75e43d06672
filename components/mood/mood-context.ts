import { createContext } from 'preact';
import type { MoodClient } from '../../lib/mood/types';

/**
 * The MoodClient the panel and the options page use, provided once where they are wired;
 * null where no mood service is available (the avatar and the section then stay out of view).
 */
export const MoodClientContext = createContext<MoodClient | null>(null);
