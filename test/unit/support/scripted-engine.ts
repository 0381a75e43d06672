import type { ChatEngine, GenerateOptions, ModelInfo, PromptMessage } from '../../../lib/llm/engine';
import { EngineError } from '../../../lib/llm/errors';
import { estimateTokens } from '../../../lib/llm/token-estimate';

/** One scripted reply: its deltas, and optionally a pause or a failure along the way. */
export interface ScriptedReply {
  deltas: string[];
  /** After this many deltas, wait for `gate` (the test stops or forgets meanwhile). */
  pauseAfter?: number;
  gate?: Promise<void>;
  /** After all deltas, fail with this error instead of ending. */
  failWith?: EngineError;
}

/**
 * A real ChatEngine (the engine edge of the pipeline) that replies from a script, for
 * tests of the chat session in Node. Structured requests (memory extraction, reflection)
 * get `structured(messages)`. It records every prompt it was sent.
 */
export class ScriptedEngine implements ChatEngine {
  readonly kind = 'openai' as const;
  readonly prompts: PromptMessage[][] = [];
  readonly counted: string[] = [];
  constructor(
    private readonly replies: ScriptedReply[],
    private readonly options: {
      contextWindow?: number;
      structured?: (messages: PromptMessage[]) => string;
    } = {},
  ) {}
  async availability() {
    return { available: true as const };
  }
  async listModels(): Promise<ModelInfo[]> {
    return [{ id: 'scripted', label: 'Scripted', contextWindow: this.contextWindow() }];
  }
  async load() {}
  loadedModel() {
    return 'scripted';
  }
  contextWindow() {
    return this.options.contextWindow ?? 4096;
  }
  async countTokens(text: string) {
    this.counted.push(text);
    return estimateTokens(text);
  }
  async unload() {}
  async *stream(messages: PromptMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    if (options.json) {
      yield this.options.structured?.(messages) ?? '{"memories":[]}';
      return;
    }
    this.prompts.push(messages);
    const reply = this.replies.shift();
    if (!reply) throw new EngineError('unreachable', 'The script has no more replies.');
    for (let i = 0; i < reply.deltas.length; i++) {
      if (options.signal?.aborted) throw new EngineError('aborted', 'Stopped.');
      if (reply.pauseAfter === i) await reply.gate;
      if (options.signal?.aborted) throw new EngineError('aborted', 'Stopped.');
      yield reply.deltas[i]!;
    }
    if (reply.failWith) throw reply.failWith;
  }
}
