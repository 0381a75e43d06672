import type { LexicalHit } from '../lexical/bm25';
import type { MemoryLexicalIndex } from '../lexical/memory-index';
import { expandQuery, queryTerms, type ExpansionOptions } from './query';
import { withoutTimeExpressions } from './time-parse';

/** The lexical side of a recall, wherever the index lives (the panel's worker, or in-process). */
export interface LexicalQuery {
  text: string;
  now: number;
  candidates: number;
  expansion: ExpansionOptions | null;
}

/**
 * The lexical candidates for a recall: the question's terms (its dates left to time scoring),
 * then pseudo-relevance feedback over the best hits.
 */
export function lexicalHits(lexical: MemoryLexicalIndex, query: LexicalQuery): LexicalHit[] {
  // "What did she find on 1 February 2023?": the date is scored as a date, not as words.
  const base = queryTerms(lexical, withoutTimeExpressions(query.text, new Date(query.now)));
  let hits = lexical.searchTerms(base, query.candidates);
  if (query.expansion && hits.length > 0) {
    const expanded = expandQuery(
      lexical,
      base,
      hits.map((h) => h.id),
      query.expansion,
    );
    // Feedback terms re-weight memories that match the question; they never bring in
    // memories that share no word with it (that drift is what makes feedback risky).
    hits = lexical.searchTerms(expanded, query.candidates, { requireAny: new Set(base.keys()) });
  }
  return hits;
}
