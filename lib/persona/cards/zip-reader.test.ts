import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CARD_LIMITS } from './card-limits';
import { findEndOfCentralDirectory, listZip, readZip } from './zip-reader';

const bytes = (s: string) => new TextEncoder().encode(s);
const zip = zipSync({ 'card.json': bytes('{"name":"A"}'), 'assets/a.txt': [bytes('stored'), { level: 0 }] });
const prefixed = new Uint8Array([...new Uint8Array(777).fill(0xaa), ...zip]);
const budget = () => ({ remaining: 1e6 });

describe('reading a zip', () => {
  it('finds the end of the central directory, also behind a comment', () => {
    expect(findEndOfCentralDirectory(zip)).toBe(zip.length - 22);
    // An archive comment: its length in the record, its text after it.
    const comment = bytes('made by a test, with PK\x05\x06 inside it');
    const commented = new Uint8Array([...zip, ...comment]);
    new DataView(commented.buffer).setUint16(zip.length - 22 + 20, comment.length, true);
    expect(findEndOfCentralDirectory(commented)).toBe(zip.length - 22);
    expect(listZip(commented, DEFAULT_CARD_LIMITS)).toHaveLength(2);
    expect(findEndOfCentralDirectory(bytes('no zip here at all, just text'))).toBe(-1);
  });

  it('lists entries with their data offsets, shifted by a prefix', () => {
    const plain = listZip(zip, DEFAULT_CARD_LIMITS);
    const shifted = listZip(prefixed, DEFAULT_CARD_LIMITS);
    expect(plain.map((e) => [e.name, e.method])).toEqual([
      ['card.json', 8],
      ['assets/a.txt', 0],
    ]);
    expect(shifted.map((e) => e.dataStart - 777)).toEqual(plain.map((e) => e.dataStart));
  });

  it('reads stored and deflated entries, after a prefix too', () => {
    const files = readZip(prefixed, DEFAULT_CARD_LIMITS, budget());
    expect(new TextDecoder().decode(files.get('card.json'))).toBe('{"name":"A"}');
    expect(new TextDecoder().decode(files.get('assets/a.txt'))).toBe('stored');
  });

  it('refuses ZIP64, encryption and unknown compression methods by name', () => {
    const z64 = zip.slice();
    new DataView(z64.buffer).setUint32(z64.length - 22 + 16, 0xffffffff, true);
    expect(() => listZip(z64, DEFAULT_CARD_LIMITS)).toThrow(/ZIP64/);
    const central = findCentral(zip);
    const encrypted = zip.slice();
    new DataView(encrypted.buffer).setUint16(central + 8, 1, true);
    expect(() => listZip(encrypted, DEFAULT_CARD_LIMITS)).toThrow('zip entry card.json is encrypted');
    const bzip = zip.slice();
    new DataView(bzip.buffer).setUint16(central + 10, 12, true);
    expect(() => readZip(bzip, DEFAULT_CARD_LIMITS, budget())).toThrow(/uses compression method 12/);
  });

  it('refuses a directory that points outside the file', () => {
    const bad = zip.slice();
    new DataView(bad.buffer).setUint32(bad.length - 22 + 12, bad.length * 2, true);
    expect(() => listZip(bad, DEFAULT_CARD_LIMITS)).toThrow(/points outside the file/);
  });
});

function findCentral(z: Uint8Array): number {
  const view = new DataView(z.buffer, z.byteOffset);
  for (let p = 0; p < z.length - 4; p++) if (view.getUint32(p, true) === 0x02014b50) return p;
  throw new Error('no central directory');
}
