import { zipSync, zlibSync } from 'fflate';
import encodeChunks from 'png-chunks-encode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardToV3 } from './card-json';
import { DEFAULT_CARD_LIMITS } from './card-limits';
import { defaultAvatarPng } from './default-avatar';
import { exportCard } from './export-card';
import { importCard } from './import-card';
import { readPngChunks } from './png-card';
import { jsonBytes, v3Card } from './test-fixtures';

const icon = defaultAvatarPng();
const happy = new Uint8Array([1, 2, 3, 4, 5]);
const charxCard = () =>
  v3Card('Cora', [
    { type: 'icon', uri: 'embeded://assets/icon/image/main.png', name: 'main', ext: 'png' },
    { type: 'emotion', uri: 'embedded://assets/emotion/image/happy.webp', name: 'happy', ext: 'webp' },
    { type: 'background', uri: 'https://example.org/bg.png', name: 'bg', ext: 'png' },
  ]);
const charx = (card: unknown = charxCard(), extra: Record<string, Uint8Array> = {}) =>
  zipSync({
    'card.json': jsonBytes(card),
    'assets/icon/image/main.png': icon,
    'assets/emotion/image/happy.webp': happy,
    'x_meta/1.json': jsonBytes({ type: 'webp' }),
    ...extra,
  });
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
// A real JPEG's first and last bytes around filler: what RisuAI writes before the zip.
const jpeg = concat(
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
  new Uint8Array(3000).fill(0x55),
  new Uint8Array([0xff, 0xd9]),
);

/** Sets the uncompressed size the central directory declares for `name`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const nameBytes = new TextEncoder().encode(name);
  for (let p = 0; p < out.length - 46; p++) {
    if (view.getUint32(p, true) !== 0x02014b50) continue;
    const n = view.getUint16(p + 28, true);
    if (n === nameBytes.length && nameBytes.every((b, i) => out[p + 46 + i] === b)) {
      view.setUint32(p + 24, size, true);
      return out;
    }
  }
  throw new Error(`no ${name} in the zip`);
}

afterEach(() => vi.restoreAllMocks());

describe('CHARX files', () => {
  it('reads card.json and its embedded assets under both spellings, keeping other files', () => {
    const { card, container } = importCard(charx());
    expect(container).toBe('charx');
    expect(card.data.name).toBe('Cora');
    expect(card.data.assets).toHaveLength(3);
    expect(card.files['assets/icon/image/main.png']).toEqual(icon);
    expect(card.files['assets/emotion/image/happy.webp']).toEqual(happy);
    expect(Object.keys(card.files)).toContain('x_meta/1.json');
  });

  it('never fetches an http(s) asset, keeping it as a reference', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { card } = importCard(charx());
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(card.data.assets?.[2]?.uri).toBe('https://example.org/bg.png');
  });

  it('reads a CHARX that follows a JPEG (the zip start found from its directory)', () => {
    const { card } = importCard(concat(jpeg, charx()));
    expect(card.data.name).toBe('Cora');
    expect(card.files['assets/icon/image/main.png']).toEqual(icon);
  });

  it('round-trips: CHARX → CHARX keeps the card, unknown fields and every file', () => {
    const first = importCard(charx()).card;
    const again = importCard(exportCard(first, 'charx')).card;
    expect(cardToV3(again)).toEqual(charxCard());
    expect(again.files).toEqual(first.files);
  });

  it('exports a CHARX card as a PNG showing its icon', () => {
    const png = exportCard(importCard(charx()).card, 'png');
    const back = importCard(png).card;
    expect(back.data.name).toBe('Cora');
    // The PNG carries the icon's image data, not the default picture's.
    const idat = (bytes: Uint8Array) => readPngChunks(bytes).filter((c) => c.name === 'IDAT');
    const coloured = encodeChunks(
      readPngChunks(icon).map((c) =>
        c.name === 'IDAT' ? { name: 'IDAT', data: zlibSync(new Uint8Array(64 * 193).fill(9)) } : c,
      ),
    );
    const withColoured = zipSync({
      'card.json': jsonBytes(charxCard()),
      'assets/icon/image/main.png': coloured,
      'assets/emotion/image/happy.webp': happy,
    });
    const out = exportCard(importCard(withColoured).card, 'png');
    expect(idat(out)).toEqual(idat(coloured));
    expect(idat(out)).not.toEqual(idat(icon));
  });

  it('refuses a CHARX without card.json, or one that lacks an embedded asset', () => {
    expect(() => importCard(zipSync({ 'readme.txt': happy }))).toThrow(/has no card.json/);
    const missing = zipSync({ 'card.json': jsonBytes(charxCard()), 'assets/icon/image/main.png': icon });
    expect(() => importCard(missing)).toThrow(
      /data\.assets\[1\]\.uri: embedded:\/\/assets\/emotion\/image\/happy.webp names a file/,
    );
  });

  it('refuses an empty name', () => {
    const nameless = { ...charxCard(), data: { ...(charxCard().data as object), name: '' } };
    expect(() => importCard(charx(nameless))).toThrow(/the card has no name/);
  });
});

describe('zip bombs and damaged zips', () => {
  const limits = { ...DEFAULT_CARD_LIMITS, maxInflatedBytes: 1024 * 1024 };
  const zeros = new Uint8Array(8 * 1024 * 1024);

  it('refuses a zip whose entries declare more than the limit, before inflating anything', () => {
    const bomb = charx(charxCard(), { 'assets/other/zeros.bin': zeros });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => importCard(bomb, limits)).toThrow(
      /would inflate to 8\.\d MB, more than the 1\.0 MB Hearth accepts/,
    );
  });

  it('stops an entry that inflates past the size it declared (a lying directory)', () => {
    const liar = declareSize(
      charx(charxCard(), { 'assets/other/zeros.bin': zeros }),
      'assets/other/zeros.bin',
      1000,
    );
    expect(() => importCard(liar, limits)).toThrow(
      /zip entry assets\/other\/zeros.bin inflates to more than 1000 bytes/,
    );
  });

  it('refuses a zip with more entries than the limit', () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) many[`assets/other/${i}.txt`] = happy;
    expect(() => importCard(charx(charxCard(), many), { ...DEFAULT_CARD_LIMITS, maxZipEntries: 10 })).toThrow(
      /has 24 entries; Hearth reads at most 10/,
    );
  });

  it('refuses a truncated zip', () => {
    const zip = charx();
    expect(() => importCard(zip.subarray(0, zip.length - 200))).toThrow(
      /not a character card file|zip is damaged/,
    );
    expect(() => importCard(concat(jpeg, zip.subarray(400)))).toThrow(/zip is damaged|no local header/);
  });

  it('refuses a file larger than the input limit before reading it', () => {
    expect(() => importCard(charx(), { ...DEFAULT_CARD_LIMITS, maxInputBytes: 100 })).toThrow(
      /Hearth imports cards up to 100 bytes/,
    );
  });
});

describe('what is not a card', () => {
  it('refuses an empty file and a file of another kind', () => {
    expect(() => importCard(new Uint8Array(0))).toThrow(/the file is empty/);
    expect(() => importCard(jpeg)).toThrow(/not a character card file/);
  });

  it('refuses JSON that is not UTF-8', () => {
    expect(() => importCard(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow(/not UTF-8/);
  });
});
