import type { Feeling } from '../mood/types';

/** What an image prompt is built from: never page text, which has no way in here. */
export interface ImagePromptParts {
  /** The persona's appearance (lib/images/persona-appearance.ts). */
  appearance: string;
  /** The companion's current named feeling, or null without a mood. */
  feeling: Feeling | null;
  /** What the user asked for after /imagine. */
  request: string;
}

/** Longest request taken from /imagine: image models read only the first ~75 tokens anyway. */
export const MAX_REQUEST_CHARS = 500;

/** How each feeling looks, for the picture (the face's expression). */
const LOOKS: Record<Feeling, string> = {
  calm: 'calm, relaxed expression',
  content: 'content, gentle smile',
  happy: 'happy, warm smile',
  excited: 'excited, bright eyes, big smile',
  sad: 'sad, downcast eyes',
  anxious: 'anxious, worried expression',
  annoyed: 'annoyed, frowning',
  tired: 'tired, sleepy eyes',
};

/** `/imagine <request>` → the request, or null when the text is not that command. */
export function parseImagine(text: string): string | null {
  const match = /^\/imagine(?:\s+([\s\S]*))?$/iu.exec(text.trim());
  if (!match) return null;
  return (match[1] ?? '').trim().slice(0, MAX_REQUEST_CHARS);
}

/**
 * The prompt for a picture: the request first (what the person asked for matters most to the
 * model), then the persona's appearance and the look of its current feeling, so the companion
 * appears as itself, in its mood, when the picture is of it.
 */
export function buildImagePrompt(parts: ImagePromptParts): string {
  const pieces = [parts.request.trim()];
  const appearance = parts.appearance.replace(/\s+/gu, ' ').trim();
  if (appearance) pieces.push(appearance);
  if (parts.feeling) pieces.push(LOOKS[parts.feeling]);
  return pieces.filter(Boolean).join(', ');
}
