/**
 * Base64 over bytes with btoa/atob, which the service worker, pages and Node 20 all have
 * (Buffer is Node-only; Uint8Array.toBase64 is not in Node 20).
 */

/** Standard base64 (with padding) of the bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** URL-safe base64 without padding, for ids. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of standard, padded base64, or undefined when the text is not exactly that. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  // atob forgives missing padding and stray whitespace; a secret is checked strictly instead.
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
