/**
 * Chrome's built-in model through the Prompt API (a global `LanguageModel`; before Chrome
 * 138 it was `self.ai.languageModel`). Only the parts Hearth uses are typed here.
 * https://developer.chrome.com/docs/ai/prompt-api
 */

/** One turn of a Prompt API conversation. */
export interface PromptApiMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A Prompt API session, as much of it as Hearth uses. */
export interface PromptApiSession {
  promptStreaming(
    input: string,
    /** `responseConstraint`: a JSON Schema the reply must match (Chrome 137+). */
    options?: { signal?: AbortSignal; responseConstraint?: Record<string, unknown> },
  ): ReadableStream<string> | AsyncIterable<string>;
  /** Current Chrome. */
  readonly contextWindow?: number;
  /** Older Chrome, and still present in extension contexts. */
  readonly inputQuota?: number;
  /** Tokens an input would take (current Chrome). */
  measureInputUsage?(input: string): Promise<number>;
  /** The same, before Chrome 137. */
  countPromptTokens?(input: string): Promise<number>;
  destroy(): void;
}

/** Languages a session is asked to expect or produce. */
export type Languages = { type: 'text'; languages: string[] }[];

/** The static side: `LanguageModel` today, `ai.languageModel` before. */
export interface PromptApi {
  availability?(options?: { expectedInputs?: Languages; expectedOutputs?: Languages }): Promise<string>;
  /** Chrome before 133 answered `{available: 'readily' | 'after-download' | 'no'}`. */
  capabilities?(): Promise<{ available: string }>;
  /** Extension contexts only; gives the topK that must accompany a temperature. */
  params?(): Promise<{ defaultTopK: number; maxTemperature?: number } | null>;
  create(options?: {
    initialPrompts?: PromptApiMessage[];
    signal?: AbortSignal;
    temperature?: number;
    topK?: number;
    expectedInputs?: Languages;
    expectedOutputs?: Languages;
    monitor?: (monitor: EventTarget) => void;
  }): Promise<PromptApiSession>;
}

/** Where the Prompt API may be found: `globalThis` in the browser, a fake in tests. */
export interface PromptApiHost {
  LanguageModel?: PromptApi;
  ai?: { languageModel?: PromptApi };
  navigator?: { language?: string };
}
