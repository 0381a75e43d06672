import { describe, expect, it } from 'vitest';
import { base64ToText, textToBase64, utf8 } from './base64-text';

describe('base64 card text', () => {
  it('round-trips UTF-8 text, including text longer than one encoding slice', () => {
    const text = `Ἀθηνᾶ 🌊 ${'à'.repeat(70_000)}`;
    expect(base64ToText(textToBase64(text), 1e6, 'x')).toBe(text);
    expect(textToBase64('é')).toBe('w6k=');
  });

  it('tolerates line breaks but not other characters', () => {
    expect(base64ToText('w6k\n=', 10, 'x')).toBe('é');
    expect(() => base64ToText('w6k*', 10, 'the chunk')).toThrow('the chunk is not valid base64');
    expect(() => base64ToText('w', 10, 'the chunk')).toThrow('the chunk is not valid base64');
  });

  it('refuses base64 that decodes to more than the limit, or to bytes that are not UTF-8', () => {
    expect(() => base64ToText(textToBase64('abcdefgh'), 4, 'the chunk')).toThrow(
      'the chunk holds more than 4 bytes',
    );
    expect(() => base64ToText(btoa('\xff\xfe'), 10, 'the chunk')).toThrow('the chunk is not UTF-8 text');
    expect(() => utf8(new Uint8Array([0xc3]), 'name')).toThrow('name is not UTF-8 text');
  });
});
