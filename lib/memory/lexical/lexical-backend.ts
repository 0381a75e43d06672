import type { MemoryRecord } from '../records';
import { lexicalHits, type LexicalQuery } from '../retrieval/lexical-hits';
import type { LexicalHit } from './bm25';
import {
  createMemoryLexicalIndex,
  indexMemories,
  type MemoryLexicalIndex,
  type MemoryField,
} from './memory-index';

/** A memory's indexed fields, as lexicalFields gives them. */
export type LexicalFields = Partial<Record<MemoryField, string>>;

/**
 * Where the panel's keyword index lives: built from every stored memory when the panel opens,
 * then kept in step change by change. Changes and searches run in the order they were made,
 * each after the build: a search sent while the index loads waits for it (and sees every
 * change made before it), and a memory removed while it loads is removed after the build
 * has read it. `add` and `remove` return at once (ingestion does not wait for them).
 */
export interface LexicalBackend {
  /** Settles when the index holds every memory stored when it was (re)built; rejects if that failed. */
  readonly ready: Promise<void>;
  add(id: string, fields: LexicalFields): void;
  remove(id: string): void;
  /** Builds the index again from the store (after an import or a wipe). */
  rebuild(): void;
  search(query: LexicalQuery): Promise<LexicalHit[]>;
  /** Stops it (the worker, if there is one). */
  close(): void;
}

/** One change or search, in the order a backend applies them. */
export type LexicalOp =
  { op: 'add'; id: string; fields: LexicalFields } | { op: 'remove'; id: string } | { op: 'rebuild' };

/**
 * The index in this context: used as is in Node and tests, and inside the panel's memory
 * worker, which `list` reads the store from.
 */
export function createLocalLexicalBackend(list: () => Promise<MemoryRecord[]>): LexicalBackend & {
  /** The index itself, once built (for tests and the eval). */
  index(): MemoryLexicalIndex;
} {
  let index = createMemoryLexicalIndex();
  const build = async () => {
    const next = createMemoryLexicalIndex();
    indexMemories(next, await list());
    index = next;
  };
  let ready = build();
  // Everything after the build, one at a time; a failed step does not stop later ones.
  let queue: Promise<unknown> = ready.catch((error: unknown) =>
    console.warn('Hearth: the keyword index could not be built', error),
  );
  const enqueue = <T>(work: () => T | Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => {});
    return run;
  };
  return {
    get ready() {
      return ready;
    },
    add(id, fields) {
      void enqueue(() => index.add(id, fields));
    },
    remove(id) {
      void enqueue(() => index.remove(id));
    },
    rebuild() {
      const run = enqueue(build);
      ready = run;
    },
    search: (query) => enqueue(() => lexicalHits(index, query)),
    close() {},
    index: () => index,
  };
}
