/**
 * web-llm's prebuilt model list, as the side panel needs it for the catalog. Read from
 * web-llm at build time (scripts/vite-webllm-model-list.ts), so the page never imports
 * web-llm itself. Browser builds only: engine.ts imports this lazily and tests pass their own list.
 */
import modelList from 'virtual:webllm-model-list';
import type { ModelRecordLike } from './catalog';

/** Every record of web-llm's `prebuiltAppConfig.model_list`, trimmed to what the catalog reads. */
export const WEBLLM_MODEL_LIST: readonly ModelRecordLike[] = modelList;
