/** The engines Hearth can talk to; one implementation each, picked in lib/llm/registry.ts. */
export type EngineKind = 'webllm' | 'openai' | 'chrome';

/** One message as an engine sees it. */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A model an engine can run, as the model picker shows it. */
export interface ModelInfo {
  id: string;
  label: string;
  /** Tokens the model can attend to (prompt plus reply). */
  contextWindow: number;
  /** One-time download, in megabytes, where the engine downloads weights. */
  downloadMB?: number;
  /** Memory the model needs while loaded, in megabytes. */
  memoryMB?: number;
  /** Whether the weights are already on this device. */
  cached?: boolean;
  /** Why the model is not offered on this device, if it is not. */
  unsupportedReason?: string;
}

/** Whether an engine can be used here at all, with the reason in words when it cannot. */
export type Availability = { available: true; note?: string } | { available: false; reason: string };

/** Progress of loading or downloading a model: fraction in [0, 1] and a line for people. */
export interface LoadProgress {
  fraction: number;
  text: string;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
}

/** A structured request's shape: a JSON Schema and a name for it (OpenAI's `json_schema.name`). */
export interface JsonRequest {
  name: string;
  schema: Record<string, unknown>;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  temperature?: number;
  /** Upper bound on reply tokens. */
  maxTokens?: number;
  /**
   * Ask for one JSON object (structured requests such as memory extraction), where the engine
   * can; with a JSON Schema, for an object of that shape where the engine can constrain it.
   * Engines without a JSON mode ignore it: callers validate the reply either way.
   */
  json?: boolean | JsonRequest;
}

/**
 * The one interface every engine implements. The chat never knows which engine runs:
 * it asks `stream()` for text deltas and stops them through the AbortSignal.
 * Every failure is thrown as an EngineError (lib/llm/errors.ts).
 */
export interface ChatEngine {
  readonly kind: EngineKind;
  availability(): Promise<Availability>;
  listModels(): Promise<ModelInfo[]>;
  /** Makes `modelId` the model `stream()` uses; may download it. */
  load(modelId: string, options?: LoadOptions): Promise<void>;
  /** The loaded model's id, or null before `load()`. */
  loadedModel(): string | null;
  /** Context window of the loaded model in tokens. */
  contextWindow(): number;
  /**
   * Tokens `text` takes for the loaded model: its own tokenizer where the engine has one
   * (web-llm's in its worker, Chrome's `measureInputUsage`), else the estimate in
   * token-estimate.ts. Asynchronous because both real tokenizers sit across an async
   * boundary (a worker, a browser session); prompt assembly stays synchronous and pure by
   * counting ahead through lib/llm/token-counter.ts.
   */
  countTokens(text: string): Promise<number>;
  /** Yields the reply as text deltas. Ends normally on completion; throws EngineError otherwise. */
  stream(messages: PromptMessage[], options?: GenerateOptions): AsyncIterable<string>;
  unload(): Promise<void>;
}
