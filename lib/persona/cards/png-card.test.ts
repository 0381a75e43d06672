import { describe, expect, it } from 'vitest';
import { cardToV3 } from './card-json';
import { CardNameMissingError, DEFAULT_CARD_LIMITS } from './card-limits';
import { defaultAvatarPng } from './default-avatar';
import { exportCard } from './export-card';
import { importCard } from './import-card';
import { readPngChunks } from './png-card';
import { b64, iTXt, jsonBytes, pngWith, tEXt, v2Card, v3Card, zTXt } from './test-fixtures';

const named = (name: string) => ({ ...v2Card(name) });
const textChunks = (png: Uint8Array) =>
  readPngChunks(png)
    .filter((c) => c.name === 'tEXt')
    .map((c) => String.fromCharCode(...c.data.subarray(0, c.data.indexOf(0))));

describe('cards inside PNG files', () => {
  it('reads a V2 card from a tEXt chara chunk and keeps the picture', () => {
    const png = pngWith([tEXt('chara', b64(v2Card()))]);
    const { card, container } = importCard(png);
    expect(container).toBe('png');
    expect(card.spec).toBe('chara_card_v2');
    expect(card.data.name).toBe('Aria');
    expect(card.image).toEqual(png);
  });

  it('reads a V3 card from a ccv3 chunk', () => {
    expect(importCard(pngWith([tEXt('ccv3', b64(v3Card()))])).card.data.nickname).toBe('Mi');
  });

  it('prefers ccv3 over chara whichever comes first', () => {
    const v3 = v3Card('New');
    for (const chunks of [
      [tEXt('chara', b64(named('Old'))), tEXt('ccv3', b64(v3))],
      [tEXt('ccv3', b64(v3)), tEXt('chara', b64(named('Old')))],
    ]) {
      expect(importCard(pngWith(chunks)).card.data.name).toBe('New');
    }
  });

  it('finds the card after IDAT', () => {
    expect(importCard(pngWith([tEXt('chara', b64(named('Late')))], 'after-idat')).card.data.name).toBe(
      'Late',
    );
  });

  it('reads zTXt and iTXt (compressed or not) chunks', () => {
    expect(importCard(pngWith([zTXt('chara', b64(named('Zed')))], 'after-idat')).card.data.name).toBe('Zed');
    expect(importCard(pngWith([iTXt('chara', b64(named('Ivy')), false)])).card.data.name).toBe('Ivy');
    expect(importCard(pngWith([iTXt('ccv3', b64(v3Card('Ina')), true)])).card.data.name).toBe('Ina');
  });

  it('reads a card whose chunk holds the JSON itself rather than base64', () => {
    expect(
      importCard(pngWith([tEXt('chara', JSON.stringify({ name: 'Raw', description: 'plain' }))])).card.data
        .name,
    ).toBe('Raw');
  });

  it('exports a PNG with both chara (V2) and ccv3 (V3) chunks and the same image data', () => {
    const original = pngWith([tEXt('chara', b64(v3Card('Keep'))), tEXt('Software', 'paint')]);
    const { card } = importCard(original);
    const out = exportCard(card, 'png');
    expect(textChunks(out)).toEqual(['Software', 'chara', 'ccv3']);
    const idat = (png: Uint8Array) => readPngChunks(png).filter((c) => c.name === 'IDAT');
    expect(idat(out)).toEqual(idat(original));
    const again = importCard(out).card;
    expect(again.spec).toBe('chara_card_v3');
    expect(cardToV3(again)).toEqual(v3Card('Keep')); // unknown fields and extensions included
    // An older reader that only knows `chara` still gets the V2 card.
    const onlyChara = pngWith(
      readPngChunks(out).filter((c) => c.name === 'tEXt' && c.data[0] === 0x63 && c.data[4] === 0x61),
    );
    expect(importCard(onlyChara).card.spec).toBe('chara_card_v2');
  });

  it('keeps an APNG animation chunks on export', () => {
    const actl = { name: 'acTL', data: new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]) };
    const apng = pngWith([actl, tEXt('chara', b64(v2Card()))]);
    const out = exportCard(importCard(apng).card, 'png');
    expect(readPngChunks(out).map((c) => c.name)).toContain('acTL');
  });

  it('gives a card that came as JSON Hearth’s default picture', () => {
    const { card } = importCard(jsonBytes(v2Card()));
    const out = exportCard(card, 'png');
    expect(readPngChunks(out).map((c) => c.name)).toEqual(
      readPngChunks(defaultAvatarPng())
        .map((c) => c.name)
        .toSpliced(2, 0, 'tEXt', 'tEXt'),
    );
    expect(importCard(out).card.data.name).toBe('Aria');
  });
});

describe('refusing damaged PNG cards', () => {
  const good = pngWith([tEXt('chara', b64(v2Card()))]);

  it('refuses a truncated PNG, saying so', () => {
    expect(() => importCard(good.subarray(0, good.length - 30))).toThrow(/the PNG is truncated/);
    expect(() => importCard(good.subarray(0, 20))).toThrow(/the PNG is truncated/);
  });

  it('refuses a chunk that claims more bytes than the file has, before allocating them', () => {
    const bad = good.slice();
    new DataView(bad.buffer).setUint32(33, 0xfffffff0); // the chunk after IHDR claims ~4 GB
    expect(() => importCard(bad)).toThrow(/runs past the end of the file/);
  });

  it('refuses a chunk whose CRC is wrong', () => {
    const bad = good.slice();
    bad[bad.length - 40] = bad[bad.length - 40]! ^ 0xff;
    expect(() => importCard(bad)).toThrow(/the PNG is damaged/);
  });

  it('refuses bad base64, and base64 that is not JSON', () => {
    expect(() => importCard(pngWith([tEXt('chara', '!!not*base64!!')]))).toThrow(
      /chara chunk is not valid base64/,
    );
    expect(() => importCard(pngWith([tEXt('chara', btoa('hello there'))]))).toThrow(
      /not valid JSON.*\(in the PNG's chara chunk\)/,
    );
  });

  it('refuses a tEXt chunk with a NUL inside its text', () => {
    const chunk = tEXt('chara', 'abcd');
    chunk.data[7] = 0;
    expect(() => importCard(pngWith([chunk]))).toThrow(
      /chara tEXt chunk is malformed \(Invalid NULL character/,
    );
  });

  it('refuses a PNG without a card', () => {
    expect(() => importCard(defaultAvatarPng())).toThrow(/holds no character card/);
  });

  it('refuses a zTXt that inflates past the limit (a zTXt bomb)', () => {
    const limits = { ...DEFAULT_CARD_LIMITS, maxCardJsonBytes: 64 * 1024 };
    const bomb = pngWith([zTXt('chara', 'A'.repeat(4 * 1024 * 1024))]);
    expect(bomb.length).toBeLessThan(32 * 1024);
    expect(() => importCard(bomb, limits)).toThrow(/zTXt chunk inflates to more than/);
  });

  it('refuses a zTXt whose compressed data is damaged or cut short', () => {
    const chunk = zTXt('chara', b64(v2Card()));
    const cut = { name: 'zTXt', data: chunk.data.subarray(0, chunk.data.length - 20) };
    expect(() => importCard(pngWith([cut]))).toThrow(/zTXt chunk is not valid compressed data/);
  });

  it('refuses an empty name inside a PNG, naming the chunk', () => {
    const card = { ...v2Card(), data: { ...(v2Card().data as object), name: '' } };
    expect(() => importCard(pngWith([tEXt('chara', b64(card))]))).toThrow(
      /the card has no name \(in the PNG's chara chunk\)/,
    );
  });
});

describe('a nameless card in a PNG', () => {
  it('asks for a name (its own error) and imports with the name given', () => {
    const nameless = { ...v2Card(), data: { ...(v2Card().data as object), name: '' } };
    const png = pngWith([tEXt('chara', b64(nameless))]);
    expect(() => importCard(png)).toThrow(CardNameMissingError);
    const { card } = importCard(png, DEFAULT_CARD_LIMITS, { name: 'Wren' });
    expect(card.data.name).toBe('Wren');
    expect(card.image).toBe(png);
  });
});
