import type { PersonaAssetRecord, PersonaRecord } from '../db/records';
import type { Feeling } from '../mood/types';
import { embeddedPath } from './cards/charx';
import { assignEmotionImages, isFeeling } from './emotion-images';

/*
 * A persona's emotion images in the `personaAssets` store: the pictures the user adds
 * (kind `emotion`, label: the feeling) and those its card carried (CHARX `emotion` assets,
 * kept as the card's files so an export gives them back, placed on the feelings by their
 * labels). The user's picture for a feeling wins over the card's.
 */

/** One emotion image of a persona. */
export interface StoredEmotionImage {
  feeling: Feeling;
  source: 'card' | 'user';
  /** The card's label ("joy") or the feeling's name. */
  label: string;
  blob: Blob;
  /** The stored asset (for the user's own: what removing deletes). */
  assetId: string;
}

/** Image types a persona's picture may have (what an <img> shows everywhere Hearth runs). */
export const EMOTION_IMAGE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/apng',
];

const blobOf = (asset: PersonaAssetRecord) => new Blob([asset.bytes as BlobPart], { type: asset.mime });

/** What emotion images are kept with: the persona service's persona and asset calls. */
export interface PersonaAssetsPort {
  get(id: string): Promise<PersonaRecord | undefined>;
  assets(personaId: string): Promise<PersonaAssetRecord[]>;
  addAsset(
    personaId: string,
    asset: Pick<PersonaAssetRecord, 'kind' | 'label' | 'mime' | 'bytes'>,
  ): Promise<PersonaAssetRecord>;
  deleteAsset(id: string): Promise<void>;
}

/** The card's emotion assets placed on feelings (the best-ranked label for each feeling wins). */
function fromCard(persona: PersonaRecord | undefined, assets: PersonaAssetRecord[]): StoredEmotionImage[] {
  const declared: unknown = persona?.card?.data.assets;
  if (!Array.isArray(declared)) return [];
  const files = new Map(assets.filter((a) => a.kind === 'card-file').map((a) => [a.label, a]));
  const labelled = (declared as { type?: unknown; uri?: unknown; name?: unknown }[]).flatMap((asset) => {
    if (asset?.type !== 'emotion' || typeof asset.uri !== 'string') return [];
    const path = embeddedPath(asset.uri);
    const file = path === null ? undefined : files.get(path);
    if (!file || !file.mime.startsWith('image/')) return [];
    const label = typeof asset.name === 'string' && asset.name ? asset.name : path!;
    return [{ label, image: file }];
  });
  const { byFeeling } = assignEmotionImages(labelled);
  return (Object.entries(byFeeling) as [Feeling, PersonaAssetRecord][]).map(([feeling, file]) => ({
    feeling,
    source: 'card',
    label: labelled.find((l) => l.image === file)!.label,
    blob: blobOf(file),
    assetId: file.id,
  }));
}

/** Emotion images kept as persona assets. */
export function createEmotionImagesService(port: PersonaAssetsPort) {
  return {
    /** Every emotion image of the persona: the card's, then the user's. */
    async list(personaId: string): Promise<StoredEmotionImage[]> {
      const [persona, assets] = await Promise.all([port.get(personaId), port.assets(personaId)]);
      const own = assets
        .filter((a) => a.kind === 'emotion' && isFeeling(a.label))
        .map((a): StoredEmotionImage => ({
          feeling: a.label as Feeling,
          source: 'user',
          label: a.label,
          blob: blobOf(a),
          assetId: a.id,
        }));
      return [...fromCard(persona, assets), ...own];
    },

    /** One picture per feeling that has its own (the user's over the card's), before fallbacks. */
    async byFeeling(personaId: string): Promise<Partial<Record<Feeling, Blob>>> {
      const out: Partial<Record<Feeling, Blob>> = {};
      for (const image of await this.list(personaId)) {
        if (!out[image.feeling] || image.source === 'user') out[image.feeling] = image.blob;
      }
      return out;
    },

    /** Sets the user's picture for `feeling`, replacing the one they added before. */
    async add(personaId: string, feeling: Feeling, bytes: Uint8Array, mime: string): Promise<void> {
      if (!EMOTION_IMAGE_TYPES.includes(mime)) {
        throw new Error(
          `The picture was not added: ${mime || 'a file of unknown type'} is not a PNG, JPEG, WebP, GIF or AVIF image.`,
        );
      }
      const before = (await port.assets(personaId)).filter(
        (a) => a.kind === 'emotion' && a.label === feeling,
      );
      // Added first, the old one removed after: a failed write never leaves the feeling without its picture.
      await port.addAsset(personaId, { kind: 'emotion', label: feeling, mime, bytes });
      for (const old of before) await port.deleteAsset(old.id);
    },

    /** Removes a picture the user added (a card's pictures are part of the card and stay). */
    async remove(personaId: string, assetId: string): Promise<void> {
      const asset = (await port.assets(personaId)).find((a) => a.id === assetId);
      if (asset && asset.kind !== 'emotion') {
        throw new Error("A card's own picture is part of the card and is not removed.");
      }
      if (asset) await port.deleteAsset(assetId);
    },
  };
}

/** The emotion images service's interface. */
export type EmotionImagesService = ReturnType<typeof createEmotionImagesService>;
