import { CardError, formatBytes } from './card-limits';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The UTF-8 text inside a base64 string (a PNG card chunk). Strict: atob alone would accept
 * some garbage, and Node's Buffer ignores bad characters silently, which turns a damaged
 * chunk into a confusing JSON error instead of saying what is wrong.
 */
export function base64ToText(base64: string, maxBytes: number, what: string): string {
  const clean = base64.replace(/\s+/g, '');
  if (!BASE64.test(clean) || clean.length % 4 === 1) throw new CardError(`${what} is not valid base64`);
  if (Math.floor((clean.length * 3) / 4) > maxBytes) {
    throw new CardError(`${what} holds more than ${formatBytes(maxBytes)}`);
  }
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return utf8(bytes, what);
}

/** Bytes as UTF-8 text, refusing invalid sequences rather than replacing them. */
export function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CardError(`${what} is not UTF-8 text`);
  }
}

/** Text as base64 of its UTF-8 bytes (what `chara` and `ccv3` chunks hold). */
export function textToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In slices: String.fromCharCode(...all) would overflow the argument limit on a large card.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
