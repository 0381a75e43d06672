import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, toBase64Url } from './base64';

describe('base64 without Buffer', () => {
  it('agrees with Node’s encoder on every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(Array.from(fromBase64(toBase64(bytes)) ?? [])).toEqual(Array.from(bytes));
  });

  it('decodes only strict, padded base64', () => {
    expect(fromBase64('QUJD')).toEqual(new Uint8Array([65, 66, 67]));
    expect(fromBase64('QUI=')).toEqual(new Uint8Array([65, 66]));
    for (const bad of ['', 'QUI', 'QU JD', 'QUJD\n', 'QU-_', '=QUI', 'QUJD====']) {
      expect(fromBase64(bad)).toBeUndefined();
    }
  });
});
