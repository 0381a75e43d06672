import {
  createMemoryLexicalIndex,
  lexicalFields,
  neighbourText,
  type MemoryLexicalIndex,
} from '../../lib/memory/lexical/memory-index';
import type { MemoryRecord } from '../../lib/memory/records';
import { createRetriever } from '../../lib/memory/retrieval/retriever';
import { tokenize, words } from '../../lib/memory/text/tokenize';

/** How many of the best matches the retriever ranks (relevance, recency, importance, time, pin). */
export const RANKED_BY_RETRIEVAL = 100;

/** Hands the main thread back to the browser between chunks of work. */
const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Builds the lexical index the side panel's retrieval uses (same fields, same episode
 * context as `indexMemories`) in chunks, yielding between them, so 100,000 memories do not
 * freeze the options page. Rejects with an AbortError when `signal` aborts.
 */
export async function buildSearchIndex(
  records: readonly MemoryRecord[],
  options: { signal?: AbortSignal; chunk?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<MemoryLexicalIndex> {
  const index = createMemoryLexicalIndex();
  const chunk = options.chunk ?? 1000;
  const byConversation = new Map<string, MemoryRecord[]>();
  const loose: MemoryRecord[] = [];
  for (const r of records) {
    if (r.kind === 'episode' && r.conversationId) {
      const list = byConversation.get(r.conversationId);
      if (list) list.push(r);
      else byConversation.set(r.conversationId, [r]);
    } else {
      loose.push(r);
    }
  }
  let done = 0;
  const step = async () => {
    done++;
    if (done % chunk === 0) {
      options.onProgress?.(done, records.length);
      await yieldToBrowser();
      options.signal?.throwIfAborted();
    }
  };
  for (const r of loose) {
    index.add(r.id, lexicalFields(r));
    await step();
  }
  for (const list of byConversation.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt);
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as MemoryRecord;
      index.add(r.id, lexicalFields(r, neighbourText(list, i, 2)));
      await step();
    }
  }
  options.onProgress?.(records.length, records.length);
  return index;
}

/** Keeps the index in step with a changed memory (no episode context: close enough until the next build). */
export function updateSearchIndex(
  index: MemoryLexicalIndex,
  id: string,
  record: MemoryRecord | undefined,
): void {
  if (record) index.add(id, lexicalFields(record));
  else index.remove(id);
}

/** What a search found: ids in list order, and for each the words of its own that matched. */
export interface SearchResult {
  ids: string[];
  /**
   * The memory's own words (or its speaker) that match a word of the search, as written.
   * Empty: a related match, found only through the turns next to it or the query's
   * expansion with words of the best hits.
   */
  matched: Map<string, string[]>;
}

/** The words of a memory's text and speaker whose index term is one of `terms`, each once. */
export function matchedWords(
  record: Pick<MemoryRecord, 'text' | 'speaker'>,
  terms: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const consider = (word: string) => {
    const [term] = tokenize(word);
    if (term !== undefined && terms.has(term) && !seen.has(term)) {
      seen.add(term);
      out.push(word);
    }
  };
  for (const word of record.text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []) consider(word);
  if (record.speaker) for (const word of words(record.speaker)) consider(word);
  return out;
}

/**
 * Every memory matching `query`, best first. The best matches are ranked by the same
 * retriever the chat uses (lexical relevance fused, then recency, importance, time words
 * like "last month", pins); it only returns current memories, so the remaining matches
 * (replaced facts among them) follow in BM25 order. Memories that contain a word of the
 * search come first; those found only through neighbouring turns or query expansion
 * ("related") follow, so "Lisbon" lists what says Lisbon before a turn next to it.
 */
export async function searchMemories(
  index: MemoryLexicalIndex,
  byId: ReadonlyMap<string, MemoryRecord>,
  query: string,
  now: number,
): Promise<SearchResult> {
  const retriever = createRetriever({
    lexical: index,
    getRecords: async (ids) => ids.map((id) => byId.get(id)),
    // Near-duplicate removal would hide memories the person is looking for.
    config: { candidates: RANKED_BY_RETRIEVAL, diversity: null },
  });
  const ranked = await retriever.retrieve({ text: query, now, k: RANKED_BY_RETRIEVAL });
  const all = ranked.map((m) => m.record.id);
  const seen = new Set(all);
  for (const hit of index.search(query, Math.max(index.size, 1))) {
    if (!seen.has(hit.id)) all.push(hit.id);
  }
  const terms = new Set(tokenize(query));
  const matched = new Map<string, string[]>();
  const exact: string[] = [];
  const related: string[] = [];
  for (const id of all) {
    const record = byId.get(id);
    const found = record ? matchedWords(record, terms) : [];
    matched.set(id, found);
    (found.length > 0 ? exact : related).push(id);
  }
  return { ids: [...exact, ...related], matched };
}
