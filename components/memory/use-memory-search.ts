import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { MemoryLexicalIndex } from '../../lib/memory/lexical/memory-index';
import type { MemoryRecord } from '../../lib/memory/records';
import { buildSearchIndex, searchMemories, updateSearchIndex, type SearchResult } from './memory-search';
import type { MemoryChanges } from './use-memories';

const NO_RESULTS: readonly string[] = Object.freeze([]);
const NO_MATCHES: ReadonlyMap<string, readonly string[]> = new Map();

interface IndexBuild {
  promise: Promise<MemoryLexicalIndex>;
  abort: AbortController;
}

/** Where search stands, for the status line. */
export interface SearchState {
  /** Ids best first for the current query; undefined when there is no query. */
  ranking: readonly string[] | undefined;
  /** Per result, the words of its own that matched (empty: a related match); undefined without a query. */
  matched: ReadonlyMap<string, readonly string[]> | undefined;
  /** Share of the index built (0 to 1) while it is being built. */
  indexing: number | null;
  /** The shown ranking is for an older query (a search is running). */
  stale: boolean;
  error: string | null;
}

/**
 * Search over the loaded memories with the chat's retrieval. The lexical index is built
 * on first use (or `prepare`, e.g. when the search box gets focus), in chunks; later
 * changes are applied to it one by one, and a full reload rebuilds it.
 */
export function useMemorySearch(
  records: readonly MemoryRecord[],
  byId: ReadonlyMap<string, MemoryRecord>,
  query: string,
) {
  const build = useRef<IndexBuild | null>(null);
  const latest = useRef({ records, byId });
  latest.current = { records, byId };
  const [indexing, setIndexing] = useState<number | null>(null);
  const [result, setResult] = useState<({ query: string; version: number } & SearchResult) | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const prepare = useCallback((): Promise<MemoryLexicalIndex> => {
    if (!build.current) {
      const abort = new AbortController();
      setIndexing(0);
      const promise = buildSearchIndex(latest.current.records, {
        signal: abort.signal,
        onProgress: (done, total) => {
          if (!abort.signal.aborted) setIndexing(total > 0 ? done / total : 1);
        },
      });
      promise.then(
        () => !abort.signal.aborted && setIndexing(null),
        () => {},
      );
      build.current = { promise, abort };
    }
    return build.current.promise;
  }, []);

  /** Applies changed memories to the index (after it is built) and searches again. */
  const update = useCallback((change: MemoryChanges | 'reload') => {
    if (change === 'reload') {
      build.current?.abort.abort();
      build.current = null;
      setIndexing(null);
    } else if (build.current) {
      void build.current.promise.then(
        (index) => change.forEach((record, id) => updateSearchIndex(index, id, record)),
        () => {},
      );
    }
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => () => build.current?.abort.abort(), []);

  const q = query.trim();
  useEffect(() => {
    if (!q) return;
    let cancelled = false;
    prepare()
      .then((index) => {
        // Measured (`npm run bench`: managerSearchMsP50): one search once the index is there.
        const started = performance.now();
        const found = searchMemories(index, latest.current.byId, q, Date.now());
        return found.finally(() => performance.measure('hearth:memory-search', { start: started }));
      })
      .then((found) => {
        if (cancelled) return;
        setResult({ query: q, version, ...found });
        setError(null);
      })
      .catch((e: unknown) => {
        if (cancelled || (e instanceof DOMException && e.name === 'AbortError')) return;
        setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
    };
  }, [q, version, prepare]);

  const state: SearchState = {
    // Until the first results arrive, an empty list beats showing everything as if it matched.
    ranking: q ? (result?.ids ?? NO_RESULTS) : undefined,
    matched: q ? (result?.matched ?? NO_MATCHES) : undefined,
    indexing,
    stale: q !== '' && (result?.query !== q || result.version !== version),
    error,
  };
  return { ...state, prepare, update };
}
