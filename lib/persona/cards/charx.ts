import { zipSync, type Zippable } from 'fflate';
import { utf8 } from './base64-text';
import type { CardAsset, CharacterCard } from './card';
import { cardToV3, parseCardText } from './card-json';
import { CardError, type CardLimits, type CardReadOptions } from './card-limits';
import type { InflateBudget } from './inflate-capped';
import { isPng } from './png-card';
import { readZip } from './zip-reader';

/*
 * CHARX (the V3 spec's zip): `card.json` at the root and the card's files under `assets/`,
 * referred to as `embeded://assets/…` (the spec's spelling) or `embedded://…`. Other files
 * (RisuAI's `x_meta/`, modules) are kept as they are for export.
 */

const EMBEDDED = /^embedd?ed:\/\//i;

/** The path inside the zip an asset URI points at, or null when it is not embedded. */
export function embeddedPath(uri: string): string | null {
  return EMBEDDED.test(uri) ? uri.replace(EMBEDDED, '') : null;
}

/** Reads a CHARX (the zip may follow a prefix such as a JPEG); every embedded asset must be in it. */
export function readCharx(
  bytes: Uint8Array,
  limits: CardLimits,
  budget: InflateBudget,
  options: CardReadOptions = {},
): CharacterCard {
  const files = readZip(bytes, limits, budget);
  const json = files.get('card.json');
  if (!json) throw new CardError('the CHARX file has no card.json');
  files.delete('card.json');
  const card = parseCardText(utf8(json, 'card.json'), limits, options);
  card.files = Object.fromEntries(files);
  (card.data.assets ?? []).forEach((asset, i) => {
    const path = embeddedPath(asset.uri);
    if (path !== null && !files.has(path)) {
      throw new CardError(`data.assets[${i}].uri: ${asset.uri} names a file the CHARX does not contain`);
    }
  });
  return card;
}

const ICON_PATH = 'assets/icon/image/main.png';

/**
 * The card as a CHARX: V3 `card.json` and its files. A card that came as a PNG and has no
 * embedded icon gets its picture as `assets/icon/image/main.png`, so the image travels too.
 */
export function writeCharx(card: CharacterCard): Uint8Array {
  const json = cardToV3(card);
  const files: Zippable = {};
  for (const [path, data] of Object.entries(card.files)) files[path] = [data, { level: 0 }];
  const assets = (card.data.assets ?? []) as CardAsset[];
  const hasIcon = assets.some((a) => a.type === 'icon' && embeddedPath(a.uri) !== null);
  if (card.image && isPng(card.image) && !hasIcon && !(ICON_PATH in files)) {
    files[ICON_PATH] = [card.image, { level: 0 }];
    const icon: CardAsset = { type: 'icon', uri: `embeded://${ICON_PATH}`, name: 'main', ext: 'png' };
    json.data = { ...(json.data as object), assets: [...assets, icon] };
  }
  files['card.json'] = new TextEncoder().encode(JSON.stringify(json));
  return zipSync(files);
}
