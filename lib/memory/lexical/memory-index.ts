import type { MemoryRecord } from '../records';
import { createBm25Index, type Bm25Index, type FieldSpec } from './bm25';

/** The fields a memory is indexed under: its text, the turns around it, who said it. */
export type MemoryField = 'text' | 'context' | 'speaker';

/** Field weights: the memory's own words count most; neighbouring turns help a little. */
export const MEMORY_FIELDS: Record<MemoryField, FieldSpec> = {
  text: { weight: 1, b: 0.75 },
  context: { weight: 0.3, b: 0.75 },
  speaker: { weight: 0.5, b: 0 },
};

/** The lexical index over memories. */
export type MemoryLexicalIndex = Bm25Index<MemoryField>;

/** A new, empty lexical index over memories. */
export function createMemoryLexicalIndex(
  fields: Record<MemoryField, FieldSpec> = MEMORY_FIELDS,
): MemoryLexicalIndex {
  return createBm25Index({ fields, k1: 1.2 });
}

/**
 * The indexed fields of a memory; `context` is the text of the turns next to it. A
 * distilled memory that opens with its subject's name ("Caroline loves…") has the name
 * indexed once, as speaker, like an episode: otherwise short facts would outrank the
 * turns they came from on the name alone.
 */
export function lexicalFields(
  record: Pick<MemoryRecord, 'text' | 'speaker' | 'kind'>,
  context?: string,
): Partial<Record<MemoryField, string>> {
  const { speaker } = record;
  if (record.kind === 'episode') return { text: record.text, context, speaker };
  let text =
    speaker && record.text.startsWith(`${speaker} `) ? record.text.slice(speaker.length + 1) : record.text;
  // The resolved date an extractor appends ("(yesterday: 7 May 2023)") is for people and for
  // time scoring, not for word matching.
  text = text.replace(/\s*\([^()]*\d{4}\)$/, '');
  return { text, context, speaker };
}

/**
 * Rebuilds the lexical index from stored memories (on start-up: the index lives in memory).
 * Episodes of one conversation get their neighbours, in time order, as context.
 */
export function indexMemories(index: MemoryLexicalIndex, records: readonly MemoryRecord[], window = 2): void {
  const byConversation = new Map<string, MemoryRecord[]>();
  for (const r of records) {
    if (r.kind === 'episode' && r.conversationId) {
      const list = byConversation.get(r.conversationId) ?? [];
      list.push(r);
      byConversation.set(r.conversationId, list);
    } else {
      index.add(r.id, lexicalFields(r));
    }
  }
  // Each episode's words are its own text and part of its neighbours' context: tokenized
  // once here, not once per field they appear in (the same terms: the tokenizer never joins
  // words across the line breaks neighbourText puts between turns).
  const speakers = new Map<string, string[]>();
  const speakerTokens = (speaker: string | undefined): string[] | undefined => {
    if (!speaker) return undefined;
    let tokens = speakers.get(speaker);
    if (!tokens) speakers.set(speaker, (tokens = index.tokenize(speaker)));
    return tokens;
  };
  for (const list of byConversation.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt);
    const tokens = list.map((r) => index.tokenize(r.text));
    list.forEach((r, i) => {
      const context: string[] = [];
      for (let j = Math.max(0, i - window); j <= Math.min(list.length - 1, i + window); j++) {
        if (j !== i) context.push(...tokens[j]!);
      }
      index.addTokens(r.id, { text: tokens[i]!, context, speaker: speakerTokens(r.speaker) });
    });
  }
}

/** Text of the `window` episodes either side of position i. */
export function neighbourText(
  list: readonly Pick<MemoryRecord, 'text'>[],
  i: number,
  window: number,
): string {
  const parts: string[] = [];
  for (let j = Math.max(0, i - window); j <= Math.min(list.length - 1, i + window); j++) {
    if (j !== i) parts.push(list[j]?.text ?? '');
  }
  return parts.join('\n');
}
