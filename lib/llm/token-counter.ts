import type { ChatEngine } from './engine';
import { estimateTokens } from './token-estimate';

/** Counts tokens synchronously for prompt assembly, from counts the engine gave ahead of time. */
export interface TokenCounter {
  /** Asks the engine for every text not yet counted (in parallel). */
  prepare(texts: readonly string[]): Promise<void>;
  /** The engine's count when prepared, else the estimate. */
  count(text: string): number;
}

/**
 * A memo of the engine's counts. Messages and memories repeat from turn to turn, so after
 * the first turn only the new texts cost a request. Bounded, oldest entries out first.
 */
export function createTokenCounter(engine: Pick<ChatEngine, 'countTokens'>, capacity = 4000): TokenCounter {
  const known = new Map<string, number>();
  const remember = (text: string, tokens: number) => {
    known.delete(text);
    known.set(text, tokens);
    if (known.size > capacity) known.delete(known.keys().next().value as string);
  };
  return {
    async prepare(texts) {
      const missing = [...new Set(texts)].filter((t) => !known.has(t));
      const counted = await Promise.all(
        missing.map((t) => Promise.resolve(engine.countTokens(t)).catch(() => estimateTokens(t))),
      );
      missing.forEach((t, i) => remember(t, counted[i]!));
    },
    count: (text) => known.get(text) ?? estimateTokens(text),
  };
}
