import { FEELINGS, type Feeling } from '../mood/types';
import type { CharacterCard } from './cards/card';
import { embeddedPath } from './cards/charx';

/*
 * Emotion images: which of a persona's pictures shows which of the mood's named feelings.
 * Cards label their expressions in many ways (SillyTavern's 28 classifier labels, RisuAI's
 * free names, "smile", "cry"…); each persona's own labels map onto Hearth's eight feelings,
 * and a feeling without a picture borrows its nearest neighbour's, so one persona is never
 * shown half by its own pictures and half by the drawn face. Pure: no storage, no DOM.
 */

/**
 * For each feeling, the feelings whose pictures may stand in for it, nearest first (the
 * feeling itself first). Neighbours follow the PAD centres in lib/mood/feelings.ts: excited
 * is a stronger happy, tired a quieter sad; every chain ends at the near-neutral calm and
 * content, which a card's "neutral" or "default" picture fills.
 */
export const FEELING_FALLBACKS: Readonly<Record<Feeling, readonly Feeling[]>> = Object.freeze({
  calm: ['calm', 'content', 'tired', 'happy'],
  content: ['content', 'calm', 'happy'],
  happy: ['happy', 'content', 'excited', 'calm'],
  excited: ['excited', 'happy', 'content', 'calm'],
  sad: ['sad', 'tired', 'anxious', 'calm', 'content'],
  anxious: ['anxious', 'sad', 'annoyed', 'calm', 'content'],
  annoyed: ['annoyed', 'anxious', 'sad', 'calm', 'content'],
  tired: ['tired', 'calm', 'sad', 'content'],
});

/**
 * Card labels and the feeling each shows. Rank 0 is the feeling's own name, 1 a direct
 * synonym, 2 a looser reading; when several of a card's pictures map to one feeling the
 * lowest rank wins. SillyTavern's classifier labels (GoEmotions' 28) are all here.
 */
const LABELS: Readonly<Record<string, readonly [Feeling, number]>> = {
  // calm
  calm: ['calm', 0],
  neutral: ['calm', 1],
  default: ['calm', 1],
  normal: ['calm', 1],
  idle: ['calm', 1],
  relaxed: ['calm', 1],
  serene: ['calm', 1],
  peaceful: ['calm', 1],
  realization: ['calm', 2],
  thinking: ['calm', 2],
  curiosity: ['calm', 2],
  curious: ['calm', 2],
  confusion: ['calm', 2],
  confused: ['calm', 2],
  surprise: ['calm', 2],
  surprised: ['calm', 2],
  // content
  content: ['content', 0],
  relief: ['content', 1],
  relieved: ['content', 1],
  caring: ['content', 1],
  approval: ['content', 1],
  gratitude: ['content', 1],
  grateful: ['content', 1],
  pleased: ['content', 1],
  smile: ['content', 1],
  smiling: ['content', 1],
  admiration: ['content', 2],
  optimism: ['content', 2],
  love: ['content', 2],
  pride: ['content', 2],
  proud: ['content', 2],
  // happy
  happy: ['happy', 0],
  joy: ['happy', 1],
  joyful: ['happy', 1],
  amusement: ['happy', 1],
  amused: ['happy', 1],
  laugh: ['happy', 1],
  laughing: ['happy', 1],
  glad: ['happy', 1],
  cheerful: ['happy', 1],
  // excited
  excited: ['excited', 0],
  excitement: ['excited', 1],
  thrilled: ['excited', 1],
  ecstatic: ['excited', 1],
  elated: ['excited', 1],
  desire: ['excited', 2],
  // sad
  sad: ['sad', 0],
  sadness: ['sad', 1],
  grief: ['sad', 1],
  cry: ['sad', 1],
  crying: ['sad', 1],
  upset: ['sad', 1],
  hurt: ['sad', 1],
  disappointment: ['sad', 1],
  disappointed: ['sad', 1],
  remorse: ['sad', 2],
  lonely: ['sad', 2],
  // anxious
  anxious: ['anxious', 0],
  fear: ['anxious', 1],
  afraid: ['anxious', 1],
  scared: ['anxious', 1],
  nervousness: ['anxious', 1],
  nervous: ['anxious', 1],
  worried: ['anxious', 1],
  worry: ['anxious', 1],
  embarrassment: ['anxious', 2],
  embarrassed: ['anxious', 2],
  shy: ['anxious', 2],
  // annoyed
  annoyed: ['annoyed', 0],
  annoyance: ['annoyed', 1],
  anger: ['annoyed', 1],
  angry: ['annoyed', 1],
  mad: ['annoyed', 1],
  irritated: ['annoyed', 1],
  frustrated: ['annoyed', 1],
  disgust: ['annoyed', 2],
  disgusted: ['annoyed', 2],
  disapproval: ['annoyed', 2],
  // tired
  tired: ['tired', 0],
  sleepy: ['tired', 1],
  exhausted: ['tired', 1],
  bored: ['tired', 2],
  boredom: ['tired', 2],
};

/** How a label is compared: lower case, no file extension or folders, only letters. */
function normalizeLabel(label: string): string {
  const last = label.trim().toLowerCase().split(/[\\/]/).pop() ?? '';
  return last.replace(/\.[a-z0-9]{2,5}$/, '').replace(/[^a-z]/g, '');
}

/** The feeling a card's expression label shows ("joy" → happy, "Sadness.png" → sad), or null. */
export function feelingForLabel(label: string): Feeling | null {
  return LABELS[normalizeLabel(label)]?.[0] ?? null;
}

/** Whether `value` names one of the mood's feelings. */
export function isFeeling(value: string): value is Feeling {
  return (FEELINGS as readonly string[]).includes(value);
}

/** The picture for `feeling`: its own, else the first of its fallback chain that exists. */
export function imageForFeeling<T>(images: Partial<Record<Feeling, T>>, feeling: Feeling): T | undefined {
  for (const candidate of FEELING_FALLBACKS[feeling]) {
    const image = images[candidate];
    if (image !== undefined) return image;
  }
  return undefined;
}

/** Every feeling's picture after the fallbacks; feelings nothing can stand in for are left out. */
export function resolveEmotionImages<T>(images: Partial<Record<Feeling, T>>): Partial<Record<Feeling, T>> {
  const resolved: Partial<Record<Feeling, T>> = {};
  for (const feeling of FEELINGS) {
    const image = imageForFeeling(images, feeling);
    if (image !== undefined) resolved[feeling] = image;
  }
  return resolved;
}

/** A labelled picture (from a card or added by the user) to place on the feelings. */
export interface LabelledImage<T> {
  label: string;
  image: T;
}

/**
 * Which picture each feeling gets from a set of labelled pictures: the best-ranked label for
 * each feeling (the feeling's own name before a synonym), first come on a tie. Labels no
 * feeling reads are returned in `unmapped` so the library can let the user place them.
 */
export function assignEmotionImages<T>(images: readonly LabelledImage<T>[]): {
  byFeeling: Partial<Record<Feeling, T>>;
  unmapped: LabelledImage<T>[];
} {
  const best = new Map<Feeling, { rank: number; image: T }>();
  const unmapped: LabelledImage<T>[] = [];
  for (const item of images) {
    const hit = LABELS[normalizeLabel(item.label)];
    if (!hit) {
      unmapped.push(item);
      continue;
    }
    const [feeling, rank] = hit;
    const current = best.get(feeling);
    if (!current || rank < current.rank) best.set(feeling, { rank, image: item.image });
  }
  const byFeeling: Partial<Record<Feeling, T>> = {};
  for (const [feeling, { image }] of best) byFeeling[feeling] = image;
  return { byFeeling, unmapped };
}

/** A card's emotion picture: its label and the embedded file's bytes. */
export interface CardEmotionImage {
  label: string;
  /** The file's path inside the CHARX ("assets/emotion/image/joy.png"). */
  path: string;
  ext: string;
  bytes: Uint8Array;
}

/**
 * The `emotion` assets a card carries inside itself (CHARX files). Assets that point
 * elsewhere (`http(s):`, `ccdefault:`) are not fetched and not returned; an asset without a
 * name is labelled by its file name.
 */
export function cardEmotionImages(card: CharacterCard): CardEmotionImage[] {
  const found: CardEmotionImage[] = [];
  for (const asset of card.data.assets ?? []) {
    if (asset.type !== 'emotion') continue;
    const path = embeddedPath(asset.uri);
    const bytes = path === null ? undefined : card.files[path];
    if (path === null || !bytes) continue;
    found.push({ label: asset.name || path, path, ext: asset.ext, bytes });
  }
  return found;
}
