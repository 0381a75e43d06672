/**
 * Hearth's own messages between the side panel and the web-llm worker (worker.ts). The page
 * never imports web-llm (its runtime is ~6 MB and would ship twice: once in the worker, once
 * in a page chunk); it speaks this protocol instead, and only the worker holds web-llm's
 * engine. One zod schema per message, checked on both sides.
 */
import { z } from 'zod';

const RequestId = z.number().int().positive();

const Message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

/** What a generation asks for: web-llm's chat completion request, as much as Hearth sends. */
export const GenerateRequest = z.object({
  messages: z.array(Message).min(1),
  temperature: z.number().finite().optional(),
  max_tokens: z.number().int().positive().optional(),
  // web-llm constrains its output to `schema` (a JSON Schema as a string) when given.
  response_format: z.object({ type: z.literal('json_object'), schema: z.string().optional() }).optional(),
});
/** One generation's parameters (see {@link GenerateRequest}). */
export type GenerateRequest = z.infer<typeof GenerateRequest>;

/** Page → worker. */
export const ToWorker = z.discriminatedUnion('kind', [
  /** Load a model (downloading it if needed); progress comes back under the same id. */
  z.object({ kind: z.literal('reload'), requestId: RequestId, modelId: z.string().min(1) }),
  /** Start a streamed generation; chunks come back under the same id. */
  z.object({ kind: z.literal('generate'), requestId: RequestId, request: GenerateRequest }),
  /** Stop decoding now (web-llm's interruptGenerate); the stream then ends as finished. */
  z.object({ kind: z.literal('interrupt') }),
  /** The page gave up on this generation: close its generator (it holds web-llm's model lock). */
  z.object({ kind: z.literal('cancel'), requestId: RequestId }),
  /** Count `text`'s tokens with the loaded model's tokenizer; the count comes back under the same id. */
  z.object({ kind: z.literal('countTokens'), requestId: RequestId, text: z.string() }),
]);
/** A request from the page to the worker. */
export type ToWorker = z.infer<typeof ToWorker>;

/** Worker → page. */
export const FromWorker = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('progress'),
    requestId: RequestId,
    progress: z.number().finite(),
    text: z.string(),
  }),
  z.object({ kind: z.literal('reloaded'), requestId: RequestId }),
  z.object({ kind: z.literal('chunk'), requestId: RequestId, text: z.string() }),
  z.object({ kind: z.literal('done'), requestId: RequestId }),
  /** The answer to countTokens: null when no model is loaded or its tokenizer is out of reach. */
  z.object({
    kind: z.literal('tokenCount'),
    requestId: RequestId,
    count: z.number().int().nonnegative().nullable(),
  }),
  /** A failure, with web-llm's error name kept (translate.ts classifies errors by it). */
  z.object({ kind: z.literal('error'), requestId: RequestId, name: z.string(), message: z.string() }),
]);
/** A reply from the worker to the page. */
export type FromWorker = z.infer<typeof FromWorker>;

/** The end of a message channel as both sides use it (a Worker, or the worker's `self`, fit). */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
