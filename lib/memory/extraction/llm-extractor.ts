import { z } from 'zod';
import type { ChatEngine } from '../../llm/engine';
import type { ExtractedMemory, ExtractionInput, Extractor } from './rules';
import { requestStructured } from './structured';

/** What the model must answer: facts, preferences, events and plans, each with importance. */
export const ExtractionAnswer = z.object({
  memories: z
    .array(
      z.object({
        kind: z.enum(['user-fact', 'preference', 'event']),
        text: z.string().trim().min(3).max(300),
        importance: z.number().min(0).max(1),
        /** What the fact is about ("lives in", "job"), so a changed fact replaces the old one. */
        about: z.string().trim().min(1).max(60).optional(),
      }),
    )
    .max(8),
});

const INSTRUCTIONS = `You extract long-term memories from one message a user wrote to their companion.
Return JSON only: {"memories":[{"kind":"user-fact"|"preference"|"event","text":"...","importance":0..1,"about":"..."}]}
- Only what the user states about themself: facts, preferences, events, plans. Write each in the third person starting with "The user".
- importance: 0.2 trivia, 0.5 useful, 0.9 life events and strong preferences.
- "about": a short topic for facts that can change (e.g. "lives in", "job", "partner's name").
- Nothing worth remembering: {"memories":[]}. Never invent anything.`;

/**
 * Extraction with the language model: a structured request per user message, validated
 * with zod, retried once, skipped after that. Only the user's own words are given to it:
 * page text never reaches this path, so nothing a page says becomes a fact about the user.
 */
export function createLlmExtractor(engine: ChatEngine, options: { signal?: AbortSignal } = {}): Extractor {
  return {
    id: `llm@1:${engine.kind}`,
    async extract(input: ExtractionInput): Promise<ExtractedMemory[]> {
      if (input.role !== 'user' || input.text.trim().length < 12) return [];
      const answer = await requestStructured(
        engine,
        [
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: input.text.slice(0, 4000) },
        ],
        ExtractionAnswer,
        options.signal,
      );
      return (answer?.memories ?? []).map((m) => ({
        kind: m.kind,
        text: m.text,
        importance: m.importance,
        slot: m.about && m.kind !== 'event' ? `${m.kind}:llm:${m.about.toLowerCase()}` : undefined,
      }));
    },
  };
}
