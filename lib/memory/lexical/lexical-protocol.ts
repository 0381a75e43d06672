/**
 * The messages between the panel (lexical-worker-client.ts) and its memory worker
 * (lexical-worker.ts, lexical-serve.ts). Both sides validate what they receive.
 */
import { z } from 'zod';
import type { LexicalHit } from './bm25';

const Fields = z.object({ text: z.string(), context: z.string(), speaker: z.string() }).partial().strict();

/** A change to the index, or a search; the worker applies them in the order they come. */
export const LexicalRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add'), id: z.string().min(1), fields: Fields }),
  z.object({ type: z.literal('remove'), id: z.string().min(1) }),
  z.object({ type: z.literal('rebuild') }),
  z.object({
    type: z.literal('search'),
    requestId: z.number().int().nonnegative(),
    query: z.object({
      text: z.string().max(100_000),
      now: z.number(),
      candidates: z.number().int().positive().max(10_000),
      expansion: z
        .object({ docs: z.number().int().min(0), terms: z.number().int().min(0), weight: z.number() })
        .nullable(),
    }),
  }),
]);
export type LexicalRequest = z.infer<typeof LexicalRequest>;

const Hit = z.object({ id: z.string(), score: z.number() });

/** What the worker sends back: the build's outcome, and one answer per search. */
export const LexicalResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({ type: z.literal('hits'), requestId: z.number().int(), hits: z.array(Hit) }),
  z.object({ type: z.literal('error'), requestId: z.number().int(), message: z.string() }),
]);
export type LexicalResponse = z.infer<typeof LexicalResponse>;

/** The two ends of a worker (or a MessagePort) as both sides use them. */
export interface LexicalPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export type { LexicalHit };
