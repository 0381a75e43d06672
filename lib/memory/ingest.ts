import type { Embedder } from './embedder';
import { ruleExtractor, type ExtractedMemory, type Extractor } from './extraction/rules';
import { canonicalSlot } from './extraction/slots';
import { lexicalFields, neighbourText, type MemoryLexicalIndex } from './lexical/memory-index';
import type { MemoryStore } from './memory-store';
import {
  isCurrent,
  memoryOwner,
  memoryTextKey,
  type MemoryEmotion,
  type MemoryRecord,
  type MemoryRole,
  type NewMemory,
} from './records';
import { findTimeExpressions } from './retrieval/time-parse';
import type { DenseIndex } from './retrieval/types';

/** One chat turn, as the chat stores it after a reply. */
export interface TurnInput {
  messageId: string;
  role: MemoryRole;
  text: string;
  at: Date;
  conversationId?: string;
  /** The speaker's display name; defaults to the names given to the ingestor. */
  speaker?: string;
  /** Emotion read from the turn by the appraisal, if any. */
  emotion?: MemoryEmotion;
}

/** What one turn added: its episode and the memories distilled from it (new or merged). */
export interface IngestResult {
  episode: MemoryRecord;
  extracted: MemoryRecord[];
}

/** Everything ingestion writes to. Dense vectors join only when an embedder is given. */
export interface IngestorOptions {
  store: MemoryStore;
  lexical: Pick<MemoryLexicalIndex, 'add'>;
  /** Default: the rule-based extractor. An LLM extractor can be added or swapped in. */
  extractors?: readonly Extractor[];
  dense?: { embedder: Embedder; index: DenseIndex; batchSize?: number };
  /** Display names of the user and the companion, recorded as speakers. */
  speakers?: { user?: string; companion?: string };
  /** Neighbouring turns each side indexed as lexical context (0 turns it off). */
  contextWindow?: number;
  /**
   * The persona whose conversation this is: its episodes and what it says are its own; facts
   * about the user are shared unless it keeps to itself. Absent: everything is shared.
   */
  persona?: { id: string; keepsToItself: boolean };
}

/** The ingestion path after each chat turn (and for imports and the eval). */
export interface Ingestor {
  ingestTurn(turn: TurnInput): Promise<IngestResult>;
  /** Embeds whatever waits for a batch; call before retrieval when batching. */
  flush(): Promise<void>;
}

/**
 * How much a turn is worth remembering, from what the rules found in it: small talk is
 * low, a turn that states facts, plans or dated events is high.
 */
export function episodeImportance(
  text: string,
  extracted: readonly ExtractedMemory[],
  hasDate: boolean,
): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  let importance = 0.25 + Math.min(words, 40) / 200;
  if (extracted.length > 0) importance = Math.max(importance, ...extracted.map((e) => e.importance - 0.05));
  if (hasDate) importance += 0.1;
  return Math.min(1, Math.max(0, importance));
}

/** The text a memory is embedded as: with its speaker, so "what did Caroline…" finds her turns. */
export function embeddingText(record: Pick<MemoryRecord, 'text' | 'speaker' | 'kind'>): string {
  return record.kind === 'episode' && record.speaker ? `${record.speaker}: ${record.text}` : record.text;
}

/** Creates the ingestion path over a store and indexes. */
export function createIngestor(options: IngestorOptions): Ingestor {
  const { store, lexical } = options;
  const extractors = options.extractors ?? [ruleExtractor];
  const window = options.contextWindow ?? 2;
  const batchSize = options.dense?.batchSize ?? 1;
  const recentByConversation = new Map<string, { record: MemoryRecord; created: boolean }[]>();
  let pending: MemoryRecord[] = [];
  let slots: Map<string, MemoryRecord> | null = null;

  /**
   * The current fact for each slot, read once per ingestor and kept up to date after. Other
   * contexts change memories too (the manager forgets or edits, another panel supersedes),
   * so a cached fact is read again before it is trusted (see currentFact).
   */
  async function slotIndex(): Promise<Map<string, MemoryRecord>> {
    if (!slots) {
      const next = new Map<string, MemoryRecord>();
      for (const record of await store.list({ includeSuperseded: false })) {
        // Only facts this persona would have written with the same owner: a persona that keeps
        // to itself never closes a shared fact, nor one persona another's.
        if ((record.personaId ?? null) !== memoryOwner(record.kind, options.persona)) continue;
        // Read in today's vocabulary: facts stored by earlier versions are still replaced.
        const slot = record.slot ? canonicalSlot(record.slot) : undefined;
        const seen = slot ? next.get(slot) : undefined;
        if (slot && (!seen || record.validFrom >= seen.validFrom)) next.set(slot, record);
      }
      slots = next;
    }
    return slots;
  }

  /** The fact that holds for `slot` now, as stored now. */
  async function currentFact(slot: string, at: number): Promise<MemoryRecord | undefined> {
    const cached = (await slotIndex()).get(slot);
    if (!cached) return undefined;
    const stored = await store.get(cached.id);
    if (stored?.slot && canonicalSlot(stored.slot) === slot && isCurrent(stored, at)) {
      slots?.set(slot, stored);
      return stored;
    }
    // Forgotten, replaced or edited elsewhere since it was read: read every slot again
    // (rare, and cheaper than reading the store on every turn).
    slots = null;
    return (await slotIndex()).get(slot);
  }

  async function flush(): Promise<void> {
    const dense = options.dense;
    if (!dense || pending.length === 0) return;
    const batch = pending;
    pending = [];
    const vectors = await dense.embedder.embed(batch.map(embeddingText));
    for (let i = 0; i < batch.length; i++) {
      const vector = vectors[i];
      const record = batch[i];
      if (vector && record) await dense.index.add(record.id, vector);
    }
    await store.markEmbedded(
      batch.map((r) => r.id),
      dense.embedder.id,
    );
  }

  function indexWithNeighbours(conversationId: string | undefined, record: MemoryRecord, created: boolean) {
    if (!conversationId || window === 0) {
      if (created) lexical.add(record.id, lexicalFields(record));
      return;
    }
    const recent = recentByConversation.get(conversationId) ?? [];
    recent.push({ record, created });
    if (recent.length > 2 * window + 1) recent.shift();
    recentByConversation.set(conversationId, recent);
    const texts = recent.map((r) => r.record);
    // The new turn and the `window` turns before it have new neighbours now.
    for (let i = Math.max(0, recent.length - 1 - window); i < recent.length; i++) {
      const entry = recent[i];
      if (entry?.created)
        lexical.add(entry.record.id, lexicalFields(entry.record, neighbourText(texts, i, window)));
    }
  }

  async function ingestTurn(turn: TurnInput): Promise<IngestResult> {
    const at = turn.at.getTime();
    const speaker =
      turn.speaker ?? (turn.role === 'user' ? options.speakers?.user : options.speakers?.companion);
    const input = { text: turn.text, role: turn.role, speaker, at };
    const extracted = (await Promise.all(extractors.map((e) => e.extract(input)))).flat();
    const firstDate = findTimeExpressions(turn.text, turn.at)[0];
    const base = {
      provenance: { type: 'messages' as const, messageIds: [turn.messageId] },
      conversationId: turn.conversationId,
      role: turn.role,
      speaker,
      createdAt: at,
    };
    const episode: NewMemory = {
      ...base,
      kind: 'episode',
      personaId: memoryOwner('episode', options.persona),
      text: turn.text,
      validFrom: firstDate?.range.start ?? at,
      importance: episodeImportance(turn.text, extracted, firstDate !== undefined),
      emotion: turn.emotion,
    };
    const distilled: NewMemory[] = extracted.map((e) => ({
      ...base,
      kind: e.kind,
      personaId: memoryOwner(e.kind, options.persona),
      text: e.text,
      validFrom: e.validFrom ?? at,
      importance: e.importance,
      emotion: e.emotion ?? turn.emotion,
      slot: e.slot,
    }));
    // A fact that changes one already known ("I live in Porto" after "I live in Lisbon")
    // supersedes it: the old one is kept, closed, never silently deleted.
    const replacing: { oldId: string; memory: NewMemory }[] = [];
    const adding: NewMemory[] = [];
    for (const memory of distilled) {
      const current = memory.slot ? await currentFact(canonicalSlot(memory.slot), at) : undefined;
      if (current && current.textKey !== memoryTextKey(memory.text))
        replacing.push({ oldId: current.id, memory });
      else adding.push(memory);
    }
    const [first, ...rest] = await store.addMany([episode, ...adding]);
    if (!first) throw new Error('The memory store returned nothing for a turn.');
    for (const { oldId, memory } of replacing) {
      try {
        const { record } = await store.supersede(oldId, memory);
        rest.push({ record, created: true });
      } catch (error) {
        // The old fact was forgotten between the read and this write: the new one stands alone.
        if ((await store.get(oldId)) !== undefined) throw error;
        const [added] = await store.addMany([memory]);
        if (added) rest.push(added);
      }
    }
    const known = await slotIndex();
    for (const r of rest) if (r.record.slot) known.set(canonicalSlot(r.record.slot), r.record);

    indexWithNeighbours(turn.conversationId, first.record, first.created);
    for (const r of rest) if (r.created) lexical.add(r.record.id, lexicalFields(r.record));

    if (options.dense) {
      pending.push(...[first, ...rest].filter((r) => r.created).map((r) => r.record));
      if (pending.length >= batchSize) await flush();
    }
    return { episode: first.record, extracted: rest.map((r) => r.record) };
  }

  return { ingestTurn, flush };
}
