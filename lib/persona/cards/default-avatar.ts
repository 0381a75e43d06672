import { zlibSync } from 'fflate';
import encodeChunks from 'png-chunks-encode';

/*
 * The picture a PNG export carries when the card has none (it came as JSON): a small warm
 * circle on a cream ground, drawn here so Hearth ships no extra image file for it.
 */

const SIZE = 64;

function u32be(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

/** A 64×64 RGB PNG, the same bytes every time. */
export function defaultAvatarPng(): Uint8Array {
  const raw = new Uint8Array(SIZE * (1 + SIZE * 3));
  const c = (SIZE - 1) / 2;
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 3); // each row starts with filter type 0 (none)
    for (let x = 0; x < SIZE; x++) {
      const inside = (x - c) ** 2 + (y - c) ** 2 <= (SIZE * 0.38) ** 2;
      raw.set(inside ? [232, 120, 60] : [250, 240, 225], row + 1 + x * 3);
    }
  }
  const header = new Uint8Array([...u32be(SIZE), ...u32be(SIZE), 8, 2, 0, 0, 0]);
  return encodeChunks([
    { name: 'IHDR', data: header },
    { name: 'IDAT', data: zlibSync(raw, { level: 9 }) },
    { name: 'IEND', data: new Uint8Array(0) },
  ]);
}
