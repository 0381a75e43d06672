import { z } from 'zod';
import type { ChatEngine, JsonRequest } from '../../llm/engine';
import { ruleExtractor, type ExtractedMemory, type ExtractionInput, type Extractor } from './rules';
import { factSlot } from './slots';
import { requestStructured } from './structured';

const KINDS = ['user-fact', 'preference', 'event'] as const;

/** What the model must answer: facts, preferences, events and plans, each with importance. */
export const ExtractionAnswer = z.object({
  memories: z
    .array(
      z.object({
        kind: z.enum(KINDS),
        text: z.string().trim().min(3).max(300),
        importance: z.number().min(0).max(1),
        /** What the fact is about ("lives in", "job"), so a changed fact replaces the old one. */
        about: z.string().trim().max(60).nullish(),
      }),
    )
    .max(8),
});

/**
 * ExtractionAnswer as a JSON Schema, for servers that constrain output to one. Written for
 * OpenAI's strict mode: every property required, no others; "about" may be null.
 */
export const EXTRACTION_JSON: JsonRequest = {
  name: 'memories',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['memories'],
    properties: {
      memories: {
        type: 'array',
        maxItems: 8,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'text', 'importance', 'about'],
          properties: {
            kind: { type: 'string', enum: [...KINDS] },
            text: { type: 'string', minLength: 3, maxLength: 300 },
            importance: { type: 'number', minimum: 0, maximum: 1 },
            about: { type: ['string', 'null'], maxLength: 60 },
          },
        },
      },
    },
  },
};

const INSTRUCTIONS = `You extract long-term memories from one message a user wrote to their companion.
Return JSON only: {"memories":[{"kind":"user-fact"|"preference"|"event","text":"...","importance":0..1,"about":"..." or null}]}
- Only what the user states about themself: facts, preferences, events, plans. Write each in the third person starting with "The user".
- importance: 0.2 trivia, 0.5 useful, 0.9 life events and strong preferences.
- "about": a short topic for facts that can change (e.g. "lives in", "job", "partner's name").
- Nothing worth remembering: {"memories":[]}. Never invent anything.`;

/**
 * Extraction with the language model: one structured request per user message (with the
 * answer's JSON Schema where the engine can enforce it), validated with zod. No second
 * request: when the answer does not validate, the engine fails or has no JSON mode, the
 * rules extract the facts instead, so a turn never goes unremembered and costs at most one
 * extra request. Only the user's own words are given to it: page text never reaches this
 * path, so nothing a page says becomes a fact about the user.
 */
export function createLlmExtractor(
  engine: ChatEngine,
  options: { signal?: AbortSignal; fallback?: Extractor } = {},
): Extractor {
  const fallback = options.fallback ?? ruleExtractor;
  return {
    id: `llm@2:${engine.kind}`,
    async extract(input: ExtractionInput): Promise<ExtractedMemory[]> {
      if (input.role !== 'user') return [];
      // Too short to be worth a request; the rules still catch "I love tea."
      if (input.text.trim().length < 12) return fallback.extract(input);
      const answer = await requestStructured(
        engine,
        [
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: input.text.slice(0, 4000) },
        ],
        ExtractionAnswer,
        options.signal,
        { json: EXTRACTION_JSON, retries: 0 },
      );
      if (!answer) return fallback.extract(input);
      return answer.memories.map((m) => ({
        kind: m.kind,
        text: m.text,
        importance: m.importance,
        // The rules' slot vocabulary (slots.ts): a fact found here replaces one the rules found.
        slot: m.about && m.kind !== 'event' ? factSlot('user-fact', input.speaker, m.about) : undefined,
      }));
    },
  };
}
