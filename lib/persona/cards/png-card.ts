import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import * as pngText from 'png-chunk-text';
import { textToBase64, utf8 } from './base64-text';
import { CardError, type CardLimits } from './card-limits';
import { inflateCapped, type InflateBudget } from './inflate-capped';

/*
 * A card inside a PNG (or APNG): base64 JSON in a text chunk with the keyword `chara` (V2)
 * or `ccv3` (V3). Tools write it as tEXt, some as zTXt (compressed) or iTXt, before or after
 * the image data: every text chunk anywhere in the file is looked at. The chunk list comes
 * from png-chunks-extract (which checks each CRC) and is written by png-chunks-encode.
 */

/** One PNG chunk. */
export interface PngChunk {
  name: string;
  data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CARD_KEYWORDS = ['ccv3', 'chara'] as const;

/** Whether `bytes` starts with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * The PNG's chunks. First a walk over the chunk headers: png-chunks-extract allocates
 * whatever length a chunk claims (a damaged one can claim 4 GB) and reads past the end of a
 * truncated file as zeros, so a chunk that runs past the end is refused here first.
 */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  if (!isPng(bytes)) throw new CardError('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) throw new CardError('the PNG is truncated: it ends before its IEND chunk');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) {
      throw new CardError(
        `the PNG is truncated: its ${type} chunk at byte ${at} runs past the end of the file`,
      );
    }
    at += 12 + length;
    if (type === 'IEND') break;
  }
  try {
    return extractChunks(bytes);
  } catch (error) {
    throw new CardError(`the PNG is damaged: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function keywordOf(data: Uint8Array): { keyword: string; rest: number } {
  const nul = data.indexOf(0);
  const end = nul < 0 ? data.length : nul;
  return { keyword: String.fromCharCode(...data.subarray(0, Math.min(end, 80))), rest: end + 1 };
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

/** The text of a tEXt, zTXt or iTXt chunk. */
function chunkText(
  chunk: PngChunk,
  keyword: string,
  rest: number,
  limits: CardLimits,
  budget: InflateBudget,
): string {
  const what = `the PNG's ${keyword} ${chunk.name} chunk`;
  // Base64 of the largest card JSON accepted, with room for line breaks.
  const max = Math.ceil((limits.maxCardJsonBytes * 4) / 3) + 1024;
  if (chunk.name === 'tEXt') {
    try {
      return pngText.decode(chunk.data).text;
    } catch (error) {
      throw new CardError(`${what} is malformed (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (chunk.name === 'zTXt') {
    const compressed = chunk.data.subarray(rest + 1); // one byte of compression method (0)
    return latin1(inflateCapped(compressed, { zlib: true, max, budget, what }));
  }
  // iTXt: keyword, NUL, compression flag, method, language tag, NUL, translated keyword, NUL, text.
  const flag = chunk.data[rest];
  let at = chunk.data.indexOf(0, rest + 2);
  at = at < 0 ? -1 : chunk.data.indexOf(0, at + 1);
  if (flag === undefined || at < 0) throw new CardError(`${what} is malformed`);
  const body = chunk.data.subarray(at + 1);
  return utf8(flag === 1 ? inflateCapped(body, { zlib: true, max, budget, what }) : body, what);
}

/** What a PNG's card chunk holds, preferring `ccv3` over `chara` when both are there. */
export interface PngCardText {
  keyword: 'ccv3' | 'chara';
  text: string;
}

/** The card text in `chunks`, or null when there is none. */
export function findCardText(
  chunks: PngChunk[],
  limits: CardLimits,
  budget: InflateBudget,
): PngCardText | null {
  const found = new Map<string, { chunk: PngChunk; rest: number }>();
  for (const chunk of chunks) {
    if (chunk.name !== 'tEXt' && chunk.name !== 'zTXt' && chunk.name !== 'iTXt') continue;
    const { keyword, rest } = keywordOf(chunk.data);
    const key = keyword.toLowerCase();
    if ((key === 'ccv3' || key === 'chara') && !found.has(key)) found.set(key, { chunk, rest });
  }
  for (const keyword of CARD_KEYWORDS) {
    const hit = found.get(keyword);
    if (hit) return { keyword, text: chunkText(hit.chunk, keyword, hit.rest, limits, budget) };
  }
  return null;
}

/**
 * A PNG with the card written as `chara` (V2 JSON) and `ccv3` (V3 JSON) tEXt chunks, base64,
 * just before IEND; the image's own chunks (APNG frames too) are kept, and any card chunks it
 * already had are replaced.
 */
export function writeCardPng(image: Uint8Array, v2Json: string, v3Json: string): Uint8Array {
  const chunks = readPngChunks(image).filter((chunk) => {
    if (chunk.name !== 'tEXt' && chunk.name !== 'zTXt' && chunk.name !== 'iTXt') return true;
    const key = keywordOf(chunk.data).keyword.toLowerCase();
    return key !== 'chara' && key !== 'ccv3';
  });
  const end = chunks.findIndex((c) => c.name === 'IEND');
  chunks.splice(
    end,
    0,
    pngText.encode('chara', textToBase64(v2Json)),
    pngText.encode('ccv3', textToBase64(v3Json)),
  );
  return encodeChunks(chunks);
}
