import type { z } from 'zod';
import type { ChatEngine, JsonRequest, PromptMessage } from '../../llm/engine';
import { isAbort } from '../../llm/errors';

/** Collects a whole reply from a streaming engine. */
export async function complete(
  engine: ChatEngine,
  messages: PromptMessage[],
  signal?: AbortSignal,
  json: true | JsonRequest = true,
): Promise<string> {
  let text = '';
  for await (const delta of engine.stream(messages, { signal, json, temperature: 0, maxTokens: 600 }))
    text += delta;
  return text;
}

/** The first JSON object in a reply (models sometimes wrap it in prose or a code fence). */
export function firstJsonObject(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new SyntaxError('The answer holds no JSON object.');
  return JSON.parse(text.slice(start, end + 1));
}

/** How a structured request is made. */
export interface StructuredOptions {
  /** The answer's JSON Schema, for engines that can constrain their output to it. */
  json?: JsonRequest;
  /** Requests after the first, each with the validation error (default 1). */
  retries?: number;
}

/**
 * A structured request: asks the engine for JSON matching `schema`, retries (once by
 * default) with the validation error when the answer does not match, and gives `null`
 * (skip) after that. Structured requests run after the reply, so a failure here never
 * reaches the chat.
 */
export async function requestStructured<T>(
  engine: ChatEngine,
  messages: PromptMessage[],
  schema: z.ZodType<T>,
  signal?: AbortSignal,
  options: StructuredOptions = {},
): Promise<T | null> {
  let conversation = messages;
  const attempts = 1 + Math.max(0, options.retries ?? 1);
  for (let attempt = 0; attempt < attempts; attempt++) {
    let answer = '';
    try {
      answer = await complete(engine, conversation, signal, options.json ?? true);
      const parsed = schema.safeParse(firstJsonObject(answer));
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      conversation = [
        ...messages,
        { role: 'assistant', content: answer },
        {
          role: 'user',
          content: `That JSON does not match the format (${issue?.path.join('.') || 'root'}: ${issue?.message}). Answer again with only the corrected JSON object.`,
        },
      ];
    } catch (error) {
      if (isAbort(error) || signal?.aborted) return null;
      conversation = [
        ...messages,
        { role: 'assistant', content: answer },
        {
          role: 'user',
          content: 'That was not a valid JSON object. Answer again with only the JSON object.',
        },
      ];
    }
  }
  return null;
}
