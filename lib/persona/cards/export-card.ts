import type { CharacterCard } from './card';
import { cardToV2, cardToV3 } from './card-json';
import { writeCharx, embeddedPath } from './charx';
import { defaultAvatarPng } from './default-avatar';
import { isPng, writeCardPng } from './png-card';

/** The formats a card can be written as. */
export type CardExportFormat = 'json-v2' | 'json-v3' | 'png' | 'charx';

/** The picture a PNG export carries: the card's own PNG, its embedded PNG icon, or Hearth's default. */
function pictureOf(card: CharacterCard): Uint8Array {
  if (card.image && isPng(card.image)) return card.image;
  for (const asset of card.data.assets ?? []) {
    const path = asset.type === 'icon' ? embeddedPath(asset.uri) : null;
    const file = path === null ? undefined : card.files[path];
    if (file && isPng(file)) return file;
  }
  return defaultAvatarPng();
}

/**
 * The card as a file. JSON is written as V2 or V3 (V2 leaves out what only V3 has); PNG
 * carries both a `chara` (V2) and a `ccv3` (V3) chunk, so older and newer readers both find
 * it; CHARX is V3 with the card's files.
 */
export function exportCard(card: CharacterCard, format: CardExportFormat): Uint8Array {
  const encoder = new TextEncoder();
  switch (format) {
    case 'json-v2':
      return encoder.encode(JSON.stringify(cardToV2(card), null, 2));
    case 'json-v3':
      return encoder.encode(JSON.stringify(cardToV3(card), null, 2));
    case 'png':
      return writeCardPng(pictureOf(card), JSON.stringify(cardToV2(card)), JSON.stringify(cardToV3(card)));
    case 'charx':
      return writeCharx(card);
  }
}
