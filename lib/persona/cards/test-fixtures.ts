/*
 * Builders for the card tests: PNGs with card chunks of each kind, placed before or after
 * the image data, written with the same libraries as the code under test or by hand (zTXt,
 * iTXt), so every fixture is made in the test and nothing is a checked-in binary.
 */
import { zlibSync } from 'fflate';
import encodeChunks from 'png-chunks-encode';
import * as pngText from 'png-chunk-text';
import { textToBase64 } from './base64-text';
import { defaultAvatarPng } from './default-avatar';
import { readPngChunks, type PngChunk } from './png-card';

const latin1Bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A tEXt chunk. */
export const tEXt = (keyword: string, text: string): PngChunk => pngText.encode(keyword, text);

/** A zTXt chunk: keyword, NUL, method 0, zlib data. */
export function zTXt(keyword: string, text: string): PngChunk {
  const z = zlibSync(latin1Bytes(text));
  return { name: 'zTXt', data: new Uint8Array([...latin1Bytes(keyword), 0, 0, ...z]) };
}

/** An iTXt chunk, its text compressed or not. */
export function iTXt(keyword: string, text: string, compressed: boolean): PngChunk {
  const body = new TextEncoder().encode(text);
  const payload = compressed ? zlibSync(body) : body;
  const head = [...latin1Bytes(keyword), 0, compressed ? 1 : 0, 0, ...latin1Bytes('en'), 0, 0];
  return { name: 'iTXt', data: new Uint8Array([...head, ...payload]) };
}

/** A small real PNG with `chunks` placed before or after its IDAT. */
export function pngWith(chunks: PngChunk[], where: 'before-idat' | 'after-idat' = 'before-idat'): Uint8Array {
  const base = readPngChunks(defaultAvatarPng());
  const idat = base.findIndex((c) => c.name === 'IDAT');
  base.splice(where === 'before-idat' ? idat : idat + 1, 0, ...chunks);
  return encodeChunks(base);
}

/** A card object as base64 JSON, as `chara` and `ccv3` chunks hold it. */
export const b64 = (card: unknown): string => textToBase64(JSON.stringify(card));

/** A complete V2 card with unknown fields at every level. */
export function v2Card(name = 'Aria'): Record<string, unknown> {
  return {
    spec: 'chara_card_v2',
    spec_version: '2.0',
    name, // SillyTavern mirrors V1 fields at the top
    create_date: '2024-5-1 @12h',
    data: {
      name,
      description: '{{char}} is a lighthouse keeper.',
      personality: 'calm',
      scenario: 'a storm',
      first_mes: 'Welcome, {{user}}.',
      mes_example: '<START>\n{{char}}: Hello.',
      creator_notes: 'made for tests',
      system_prompt: '{{original}} Speak softly.',
      post_history_instructions: 'Stay in character.',
      alternate_greetings: ['Another storm…', 'Ahoy.'],
      character_book: {
        name: 'Harbour',
        scan_depth: 4,
        token_budget: 500,
        recursive_scanning: false,
        extensions: { keep: true },
        entries: [
          {
            keys: ['lighthouse'],
            content: 'The light turns every ten seconds.',
            extensions: { depth: 4 },
            enabled: true,
            insertion_order: 10,
            case_sensitive: null,
            constant: false,
            position: 'before_char',
            vendor_field: { nested: [1, 'two'] },
          },
        ],
      },
      tags: ['sea', 'calm'],
      creator: 'tester',
      character_version: '1.2',
      extensions: { talkativeness: '0.5', depth_prompt: { prompt: 'x', depth: 4 } },
      unknown_in_data: { kept: 'verbatim' },
    },
  };
}

/** A complete V3 card (V2's fields plus V3's) with assets and unknown fields. */
export function v3Card(name = 'Mira', assets?: unknown[]): Record<string, unknown> {
  const v2 = v2Card(name);
  return {
    spec: 'chara_card_v3',
    spec_version: '3.0',
    data: {
      ...(v2.data as object),
      nickname: 'Mi',
      creator_notes_multilingual: { fr: 'pour les tests' },
      source: ['https://example.org/mira'],
      group_only_greetings: ['Hello, everyone.'],
      creation_date: 1_700_000_000,
      modification_date: 1_700_000_500,
      assets: assets ?? [
        { type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' },
        { type: 'background', uri: 'https://example.org/bg.png', name: 'bg', ext: 'png' },
      ],
    },
  };
}

/** UTF-8 bytes of a JSON value. */
export const jsonBytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
