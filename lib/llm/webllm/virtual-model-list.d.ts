/** The build-time module scripts/vite-webllm-model-list.ts provides (see model-list.ts). */
declare module 'virtual:webllm-model-list' {
  import type { ModelRecordLike } from './catalog';

  const modelList: readonly ModelRecordLike[];
  export default modelList;
}
