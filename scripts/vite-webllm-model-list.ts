/**
 * A Vite plugin that gives the side panel web-llm's model list without web-llm: the module
 * `virtual:webllm-model-list` is web-llm's `prebuiltAppConfig.model_list`, read in Node at
 * build time and trimmed to the fields the catalog reads (lib/llm/webllm/catalog.ts). The
 * worker, which holds web-llm, uses the same package's list, so both always agree.
 */
import type { Plugin } from 'vite';
import type { ModelRecordLike } from '../lib/llm/webllm/catalog';

const ID = 'virtual:webllm-model-list';
const RESOLVED = `\0${ID}`;

/** Keeps the fields of `ModelRecordLike` and drops the rest (prompt templates, URLs of other files). */
export function trimModelRecord(record: ModelRecordLike): ModelRecordLike {
  const overrides = record.overrides
    ? {
        ...(record.overrides.context_window_size !== undefined
          ? { context_window_size: record.overrides.context_window_size }
          : {}),
        ...(record.overrides.sliding_window_size !== undefined
          ? { sliding_window_size: record.overrides.sliding_window_size }
          : {}),
      }
    : undefined;
  return {
    model: record.model,
    model_id: record.model_id,
    model_lib: record.model_lib,
    ...(overrides ? { overrides } : {}),
    ...(record.vram_required_MB !== undefined ? { vram_required_MB: record.vram_required_MB } : {}),
    ...(record.low_resource_required !== undefined
      ? { low_resource_required: record.low_resource_required }
      : {}),
    ...(record.buffer_size_required_bytes !== undefined
      ? { buffer_size_required_bytes: record.buffer_size_required_bytes }
      : {}),
    ...(record.required_features !== undefined ? { required_features: record.required_features } : {}),
    ...(record.model_type !== undefined ? { model_type: record.model_type } : {}),
  };
}

/** The module's source: the trimmed list as a default export. */
export async function modelListModule(): Promise<string> {
  const { prebuiltAppConfig } = await import('@mlc-ai/web-llm');
  const list = prebuiltAppConfig.model_list.map((record) => trimModelRecord(record));
  return `export default ${JSON.stringify(list)};\n`;
}

/** The plugin (wxt.config.ts adds it to the pages' build). */
export function webLlmModelList(): Plugin {
  return {
    name: 'hearth:webllm-model-list',
    resolveId: (source) => (source === ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? modelListModule() : undefined),
  };
}
