/**
 * Counting tokens with the loaded model's own tokenizer, inside the web-llm worker.
 * web-llm's API has no tokenize call and its tokenizer lives inside the worker's engine, so
 * worker-handler.ts answers worker-protocol.ts's `countTokens` request with this; null
 * makes the page's engine fall back to the estimate.
 */

interface TokenizerLike {
  encode(text: string): ArrayLike<number>;
}

/**
 * Tokens `text` takes in the model web-llm's engine has loaded, or null when no model is
 * loaded or this web-llm keeps its tokenizer elsewhere. It reads web-llm internals
 * (`loadedModelIdToPipeline`, the pipeline's `tokenizer`), checked at every step, because
 * no public API exposes the tokenizer in the worker.
 */
export function countWithEngine(engine: unknown, text: string): number | null {
  const pipelines = (engine as { loadedModelIdToPipeline?: unknown } | null)?.loadedModelIdToPipeline;
  if (!(pipelines instanceof Map)) return null;
  for (const pipeline of pipelines.values()) {
    const tokenizer = (pipeline as { tokenizer?: Partial<TokenizerLike> } | null)?.tokenizer;
    if (typeof tokenizer?.encode === 'function') {
      const length = tokenizer.encode(text)?.length;
      return typeof length === 'number' ? length : null;
    }
  }
  return null;
}
