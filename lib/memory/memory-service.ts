import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import type { MessageRecord } from '../db/records';
import { createMemoryStore, type MemoryStore } from './memory-store';
import { lexicalFields } from './lexical/memory-index';
import { createLocalLexicalBackend, type LexicalBackend } from './lexical/lexical-backend';
import { createIngestor, type Ingestor } from './ingest';
import { createRetriever, type Retriever } from './retrieval/retriever';
import type { RetrievedMemory, Mood } from './retrieval/types';
import { sourceMessageIds, visibleToPersona, type MemoryEmotion, type MemoryRecord } from './records';
import type { DenseMemory } from './dense-memory';
import type { ChatEngine } from '../llm/engine';
import { createLlmExtractor } from './extraction/llm-extractor';
import { ruleExtractor } from './extraction/rules';

/** How many memories a reply may draw on. */
export const RECALL_K = 6;

/** What a reply remembered: enough to show a chip and link to the memory. */
export interface MemoryRef {
  id: string;
  text: string;
}

/**
 * The side panel's memory: one store, a lexical index rebuilt from IndexedDB when the
 * panel opens (in the memory worker, off the main thread), the ingestion path after each turn, and hybrid retrieval before each reply.
 * Retrieval reads every hit back from the store, so a memory forgotten elsewhere is never
 * used again even before the index hears about it.
 */
export interface MemoryService {
  store: MemoryStore;
  /** Memories relevant to `text`, leaving out those that came from messages already in the prompt. */
  recall(
    text: string,
    options: {
      now: number;
      exclude: ReadonlySet<string>;
      mood?: Mood;
      /** The conversation's persona: only its own memories and shared ones are recalled. */
      personaId?: string;
    },
  ): Promise<RetrievedMemory[]>;
  /** Stores a finished turn (user message and reply) as memories, off the reply's path; returns the ids written. */
  ingest(
    messages: readonly MessageRecord[],
    speakers: { user: string; companion: string },
    /** With an engine, facts are extracted by a structured request; without one, by rules. */
    engine?: ChatEngine | null,
    /** The emotion each message carried when it was said (by message id), from the mood's appraisal. */
    emotions?: Readonly<Record<string, MemoryEmotion>>,
    /** The conversation's persona: owner of its episodes and lines (and of user facts if it keeps to itself). */
    persona?: { id: string; keepsToItself: boolean },
  ): Promise<string[]>;
  /** Brings the index in line with memories changed by another context; returns the ids no longer stored. */
  refresh(ids: readonly string[] | undefined): Promise<string[]>;
  /**
   * Dense search joins: new, changed and forgotten memories reach its index from now on,
   * and retrieval uses it once its backfill is over. Replaces (without stopping) any other.
   */
  enableDense(dense: DenseMemory): void;
  /** Back to keyword search only; returns the dense memory that was on, for the caller to stop. */
  disableDense(): DenseMemory | null;
  /** Settles when recall covers every memory stored at open (the keyword index is built). */
  readonly ready: Promise<void>;
  /** Stops the memory worker, if there is one. */
  close(): void;
}

/** How the memory service is opened; the panel passes its memory worker. */
export interface MemoryServiceOptions {
  /** Where the keyword index lives; default: built in this context (Node, tests). */
  lexical?: LexicalBackend;
}

/**
 * Opens the memory service for a context (the panel). Returns before the keyword index is
 * built (in the memory worker, for the panel): a recall made meanwhile waits for it.
 */
export async function openMemoryService(
  db: IDBPDatabase<HearthDB>,
  options: MemoryServiceOptions = {},
): Promise<MemoryService> {
  const store = createMemoryStore(db);
  const lexical = options.lexical ?? createLocalLexicalBackend(() => store.list({ includeSuperseded: true }));
  // `npm run bench` reads this mark (memoryReadyMs): recall over every memory is available.
  lexical.ready.then(
    () => performance.mark('hearth:memory-ready'),
    () => {},
  );
  let retriever: Retriever;
  let ingestor: Ingestor | null = null;
  let dense: DenseMemory | null = null;
  let denseReady = false;
  const rebuild = () => {
    retriever = createRetriever({
      searchLexical: (q) => lexical.search(q),
      getRecords: (ids) => store.getMany(ids),
    });
    if (dense && denseReady) retriever.setDense(dense.retrieval);
    ingestor = null;
  };
  // Dense indexing never fails a turn or a refresh: keyword search still has the memory.
  const toDense = (work: (d: DenseMemory) => Promise<void>) => {
    if (dense)
      work(dense).catch((error: unknown) => console.warn('Hearth: dense memory update failed', error));
  };
  rebuild();
  let speakerKey = '';
  let queue: Promise<unknown> = Promise.resolve();
  // Tells engine instances apart, so a new engine gets a new ingestor.
  const engineIds = new WeakMap<ChatEngine, number>();
  let engineCount = 0;
  const track = (engine: ChatEngine | null | undefined) => {
    if (engine && !engineIds.has(engine)) engineIds.set(engine, ++engineCount);
  };

  return {
    store,

    async recall(text, { now, exclude, mood, personaId }) {
      const found = await retriever.retrieve({
        text,
        now,
        mood,
        k: RECALL_K,
        exclude: (record) =>
          (personaId !== undefined && !visibleToPersona(record, personaId)) ||
          sourceMessageIds(record).some((id) => exclude.has(id)),
      });
      if (found.length) await store.touch(found.map((m) => m.record.id));
      return found;
    },

    ingest(messages, speakers, engine, emotions, persona) {
      track(engine);
      const owner = persona ? `${persona.id}\u0000${persona.keepsToItself}` : '';
      const key = `${speakers.user}\u0000${speakers.companion}\u0000${engine ? engineIds.get(engine) : ''}\u0000${owner}`;
      if (!ingestor || key !== speakerKey) {
        speakerKey = key;
        const extractors = engine ? [createLlmExtractor(engine)] : [ruleExtractor];
        ingestor = createIngestor({ store, lexical, speakers, extractors, ...(persona ? { persona } : {}) });
      }
      const current = ingestor;
      // One turn at a time, in order: extraction compares with what came before.
      const run = queue.then(async () => {
        const written: string[] = [];
        for (const m of messages) {
          if (!m.content.trim() || m.status === 'error') continue;
          const result = await current.ingestTurn({
            messageId: m.id,
            role: m.role,
            text: m.content,
            at: new Date(m.createdAt),
            conversationId: m.conversationId,
            ...(emotions?.[m.id] ? { emotion: emotions[m.id] } : {}),
          });
          written.push(result.episode.id, ...result.extracted.map((r) => r.id));
        }
        if (written.length) toDense((d) => d.update(written));
        return written;
      });
      queue = run.catch(() => {});
      return run;
    },

    async refresh(ids) {
      // A change without ids (an import, a wipe) rebuilds everything.
      if (!ids) {
        lexical.rebuild();
        rebuild();
        toDense((d) => d.reconcile());
        return [];
      }
      const records = await store.getMany(ids);
      const gone: string[] = [];
      records.forEach((record: MemoryRecord | undefined, i) => {
        if (record) lexical.add(record.id, lexicalFields(record));
        else {
          lexical.remove(ids[i]!);
          gone.push(ids[i]!);
        }
      });
      // Forgotten memories leave the vector index; changed ones are embedded again (cached by text).
      toDense((d) => d.update(ids));
      return gone;
    },

    get ready() {
      return lexical.ready;
    },

    close() {
      lexical.close();
    },

    enableDense(next) {
      dense = next;
      denseReady = false;
      retriever.setDense(undefined);
      next.backfilled.then(
        () => {
          if (dense !== next) return;
          denseReady = true;
          retriever.setDense(next.retrieval);
        },
        () => {},
      );
    },

    disableDense() {
      const previous = dense;
      dense = null;
      denseReady = false;
      retriever.setDense(undefined);
      return previous;
    },
  };
}
