/**
 * A Vite plugin for the web-llm worker's bundle. web-llm inlines two Emscripten modules'
 * WebAssembly as base64 data URIs (about 1 MB and 4.6 MB of text), which makes the worker
 * one ~6 MB file: over the 5 MB that addons.mozilla.org's linter (web-ext lint) can parse.
 * This moves each data URI, unchanged, into a module of its own that becomes its own chunk,
 * so the worker imports the same strings and behaves exactly as before, from smaller files.
 */
import type { Plugin } from 'vite';

const PREFIX = 'virtual:webllm-inline-wasm/';
const RESOLVED_PREFIX = `\0${PREFIX}`;
const WEBLLM = /[\\/]@mlc-ai[\\/]web-llm[\\/]lib[\\/]index\.js$/;
// Emscripten's `wasmBinaryFile="data:application/octet-stream;base64,…"` in a SINGLE_FILE build.
const INLINE_WASM = /wasmBinaryFile="(data:application\/octet-stream;base64,[A-Za-z0-9+/=]+)"/g;

/** Replaces each inlined wasm data URI in `code` by an import; returns the new code and the URIs. */
export function extractInlineWasm(code: string): { code: string; uris: string[] } {
  const uris: string[] = [];
  const replaced = code.replace(INLINE_WASM, (_match, uri: string) => {
    uris.push(uri);
    return `wasmBinaryFile=__hearthInlineWasm${uris.length - 1}`;
  });
  const imports = uris.map((_, i) => `import __hearthInlineWasm${i} from '${PREFIX}${i}';\n`).join('');
  return { code: imports + replaced, uris };
}

/** Gives each extracted module a chunk of its own (the worker's `rollupOptions.output.manualChunks`). */
export function inlineWasmChunk(id: string): string | undefined {
  return id.startsWith(RESOLVED_PREFIX) ? `webllm-wasm-${id.slice(RESOLVED_PREFIX.length)}` : undefined;
}

/** The plugin (wxt.config.ts adds it to the workers' build). */
export function splitInlineWasm(): Plugin {
  let uris: string[] = [];
  return {
    name: 'hearth:split-inline-wasm',
    transform(code, id) {
      if (!WEBLLM.test(id)) return undefined;
      const extracted = extractInlineWasm(code);
      // A web-llm release that stops inlining (or inlines differently) must be looked at again.
      if (extracted.uris.length === 0)
        this.error(
          'No inlined WebAssembly found in web-llm: scripts/vite-split-inline-wasm.ts needs updating.',
        );
      uris = extracted.uris;
      return { code: extracted.code, map: null };
    },
    resolveId: (source) => (source.startsWith(PREFIX) ? `\0${source}` : undefined),
    load(id) {
      if (!id.startsWith(RESOLVED_PREFIX)) return undefined;
      const uri = uris[Number(id.slice(RESOLVED_PREFIX.length))];
      if (uri === undefined) this.error(`Unknown inlined wasm module ${id}.`);
      return `export default ${JSON.stringify(uri)};\n`;
    },
  };
}
