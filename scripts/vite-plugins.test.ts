import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toCatalog } from '../lib/llm/webllm/catalog';
import { extractInlineWasm, inlineWasmChunk } from './vite-split-inline-wasm';
import { modelListModule, trimModelRecord } from './vite-webllm-model-list';

describe('the build-time web-llm model list', () => {
  it('gives the catalog exactly what the full records give it', () => {
    const full = prebuiltAppConfig.model_list;
    expect(full.length).toBeGreaterThan(10);
    expect(toCatalog(full.map((record) => trimModelRecord(record)))).toEqual(toCatalog(full));
  });

  it('is a module whose default export is that list', async () => {
    const source = await modelListModule();
    const json = /^export default (.*);\n$/s.exec(source)?.[1];
    expect(JSON.parse(json ?? 'null')).toEqual(prebuiltAppConfig.model_list.map((r) => trimModelRecord(r)));
  });
});

describe("splitting web-llm's inlined WebAssembly out of the worker file", () => {
  const require = createRequire(import.meta.url);
  const code = fs.readFileSync(require.resolve('@mlc-ai/web-llm'), 'utf8');
  const { code: split, uris } = extractInlineWasm(code);

  it('finds the inlined modules and leaves no data URI behind', () => {
    expect(uris.length).toBeGreaterThanOrEqual(1);
    for (const uri of uris) expect(uri.startsWith('data:application/octet-stream;base64,AGFzbQ')).toBe(true); // "\0asm"
    expect(split).not.toContain('base64,AGFzbQ');
    expect(split.length).toBeLessThan(2_500_000);
  });

  it('is lossless: putting the strings back gives the original code', () => {
    const restored = split
      .replace(/^(import __hearthInlineWasm\d+ from '[^']+';\n)+/, '')
      .replace(
        /wasmBinaryFile=__hearthInlineWasm(\d+)/g,
        (_m, i: string) => `wasmBinaryFile="${uris[Number(i)]}"`,
      );
    expect(restored).toBe(code);
  });

  it('puts each extracted module in a chunk of its own, and nothing else', () => {
    expect(inlineWasmChunk('\0virtual:webllm-inline-wasm/1')).toBe('webllm-wasm-1');
    expect(inlineWasmChunk('/x/node_modules/@mlc-ai/web-llm/lib/index.js')).toBeUndefined();
  });
});
