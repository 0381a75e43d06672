/**
 * How an OpenAI-compatible server is asked for JSON (openai-compatible.ts): with the
 * answer's JSON Schema (`json_schema`, strict), as any JSON object (`json_object`), or not
 * at all. Servers differ in which of these they take, so the engine steps down on a 400
 * and remembers what worked.
 */
import type { GenerateOptions } from './engine';

// JSON modes, strictest first: a schema the server enforces, any JSON object, nothing.
export const JSON_NONE = 0;
export const JSON_OBJECT = 1;
export const JSON_SCHEMA = 2;

/** The strictest mode a request asks for. */
export function jsonLevel(json: GenerateOptions['json']): number {
  if (!json) return JSON_NONE;
  return json === true ? JSON_OBJECT : JSON_SCHEMA;
}

/** The `response_format` field for a request at a JSON mode (nothing at JSON_NONE). */
export function responseFormat(json: GenerateOptions['json'], level: number): Record<string, unknown> {
  if (level >= JSON_SCHEMA && json && json !== true)
    return {
      response_format: {
        type: 'json_schema',
        json_schema: { name: json.name, schema: json.schema, strict: true },
      },
    };
  if (level >= JSON_OBJECT) return { response_format: { type: 'json_object' } };
  return {};
}
