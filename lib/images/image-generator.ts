/** What to draw. */
export interface ImageRequest {
  prompt: string;
  negativePrompt?: string;
  width: number;
  height: number;
}

/** A generated picture: its bytes and their type, checked to be an image. */
export interface GeneratedImage {
  bytes: Uint8Array<ArrayBuffer>;
  mime: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
}

/** How generating goes, in words and (where the server says) a fraction done. */
export interface ImageProgress {
  fraction: number | null;
  text: string;
}

/**
 * An image server, chosen in one place (lib/images/image-registry.ts): AUTOMATIC1111/Forge
 * or an OpenAI-compatible `/v1/images/generations`.
 */
export interface ImageGenerator {
  readonly id: 'a1111' | 'openai';
  generate(
    request: ImageRequest,
    options: { signal: AbortSignal; onProgress?: (progress: ImageProgress) => void },
  ): Promise<GeneratedImage>;
}

/** An image server's failure, in words the chat shows. */
export class ImageError extends Error {
  override name = 'ImageError';
}

/** A picture is refused beyond this many bytes (decoded). */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

/** The image type the bytes start with, or null when they are not a picture Hearth shows. */
export function sniffImage(bytes: Uint8Array): GeneratedImage['mime'] | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  )
    return 'image/webp';
  return null;
}

/** Decodes a server's base64 picture, checking its size and that it is an image. */
export function decodeImage(base64: unknown, server: string): GeneratedImage {
  if (typeof base64 !== 'string' || base64.length === 0) throw new ImageError(`${server} sent no picture.`);
  // Some servers prefix a data URL; the bytes are what follows the comma.
  const data = base64.replace(/^data:[^,]*,/u, '');
  if (data.length > (MAX_IMAGE_BYTES * 4) / 3 + 4)
    throw new ImageError(`${server} sent a picture over 16 MB.`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  } catch {
    throw new ImageError(`${server} sent something that is not a picture (not base64).`);
  }
  const mime = sniffImage(bytes);
  if (!mime) throw new ImageError(`${server} sent something that is not a picture.`);
  return { bytes, mime };
}

/** The error a generate() rejects with when it was cancelled. */
export function cancelled(): DOMException {
  return new DOMException('The picture was cancelled.', 'AbortError');
}
