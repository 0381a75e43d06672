import { z } from 'zod';

/**
 * What a memory is about. `episode` is one chat turn as it was said; the others are
 * distilled from turns (or pages) and cite them.
 */
export const MemoryKind = z.enum([
  'episode',
  'user-fact',
  'companion-fact',
  'preference',
  'event',
  'reflection',
  'page',
]);
export type MemoryKind = z.infer<typeof MemoryKind>;

/** Where a memory came from: chat messages (by id) or a web page (by URL). */
export const MemoryProvenance = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('messages'),
    messageIds: z.array(z.string().min(1)).min(1),
  }),
  z.object({
    type: z.literal('page'),
    url: z.string().url(),
    title: z.string().optional(),
  }),
]);
export type MemoryProvenance = z.infer<typeof MemoryProvenance>;

/**
 * Emotion at the time, on the same axes as the mood model: valence (unpleasant −1 to
 * pleasant 1) and arousal (calm −1 to excited 1).
 */
export const MemoryEmotion = z.object({
  valence: z.number().min(-1).max(1),
  arousal: z.number().min(-1).max(1),
});
export type MemoryEmotion = z.infer<typeof MemoryEmotion>;

/** Who said the turn an episode records. */
export const MemoryRole = z.enum(['user', 'assistant']);
export type MemoryRole = z.infer<typeof MemoryRole>;

/**
 * One memory as stored in the `memories` store. Times are epoch milliseconds.
 * A changed fact is not deleted: the old record gets `validUntil` and `supersededBy`.
 * The compact vector lives in the vector store; `embedderId` says which embedder made it.
 */
export const MemoryRecord = z
  .object({
    id: z.string().min(1),
    text: z.string().trim().min(1).max(20_000),
    /** Fingerprint of the normalised text, indexed so identical memories are found without a scan. */
    textKey: z.string().min(1),
    kind: MemoryKind,
    provenance: MemoryProvenance,
    /** The conversation the source messages belong to, when there is one. */
    conversationId: z.string().min(1).optional(),
    /** For episodes: who spoke, and their display name at the time. */
    role: MemoryRole.optional(),
    speaker: z.string().min(1).optional(),
    /** Host name of the page, for page memories (lets the user forget a whole site). */
    site: z.string().min(1).optional(),
    createdAt: z.number(),
    updatedAt: z.number(),
    /** When what the memory says became true or happened (an event's date). */
    validFrom: z.number(),
    /** When it stopped being true; absent while it still holds. */
    validUntil: z.number().optional(),
    /** The memory that replaced this one. */
    supersededBy: z.string().min(1).optional(),
    importance: z.number().min(0).max(1),
    emotion: MemoryEmotion,
    pinned: z.boolean(),
    /** Set exactly when pinned; a sparse index on it lists pinned memories cheaply. */
    pinnedAt: z.number().optional(),
    accessCount: z.number().int().nonnegative(),
    lastAccessedAt: z.number().optional(),
    /** The embedder whose vector for this memory is in the vector store, if any. */
    embedderId: z.string().min(1).optional(),
    /**
     * What a fact is about ("user-fact:The user:lives in"): a newer fact with the same slot
     * and different words supersedes this one instead of standing beside it.
     */
    slot: z.string().min(1).max(200).optional(),
    /**
     * The persona the memory belongs to: episodes and what the companion said stay with
     * their conversation's persona; facts about the user are shared (null) unless the
     * persona keeps to itself. Absent on records older than migration 006 and read as shared.
     */
    personaId: z.string().min(1).max(200).nullable().optional(),
  })
  .refine((r) => r.pinned === (r.pinnedAt !== undefined), {
    message: 'pinnedAt is set exactly when the memory is pinned.',
    path: ['pinnedAt'],
  });
export type MemoryRecord = z.infer<typeof MemoryRecord>;

/** What a caller supplies to create a memory; the store fills ids, counters and defaults. */
export type NewMemory = Pick<MemoryRecord, 'text' | 'kind' | 'provenance'> &
  Partial<
    Pick<
      MemoryRecord,
      | 'id'
      | 'conversationId'
      | 'role'
      | 'speaker'
      | 'site'
      | 'createdAt'
      | 'validFrom'
      | 'validUntil'
      | 'importance'
      | 'emotion'
      | 'pinned'
      | 'embedderId'
      | 'slot'
      | 'personaId'
    >
  >;

/** A neutral emotion, for memories written without an appraisal. */
export const NEUTRAL_EMOTION: MemoryEmotion = Object.freeze({ valence: 0, arousal: 0 });

/** The source message ids a memory cites (empty for page memories). */
export function sourceMessageIds(record: Pick<MemoryRecord, 'provenance'>): string[] {
  return record.provenance.type === 'messages' ? record.provenance.messageIds : [];
}

/** Whether a memory still holds at `at` (not superseded, not past its validUntil). */
export function isCurrent(record: Pick<MemoryRecord, 'validUntil' | 'supersededBy'>, at: number): boolean {
  return record.supersededBy === undefined && (record.validUntil === undefined || record.validUntil > at);
}

/** The text as compared for "identical": case, spacing and Unicode forms do not count. */
export function normaliseMemoryText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Fingerprint of the normalised text (53-bit cyrb53 hash and length), for the dedupe index. */
export function memoryTextKey(text: string): string {
  const s = normaliseMemoryText(text);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `${hash.toString(36)}-${s.length.toString(36)}`;
}

/** Kinds that always belong to the persona whose conversation they came from. */
export const PERSONA_OWNED_KINDS: ReadonlySet<MemoryKind> = new Set([
  'episode',
  'companion-fact',
  'reflection',
]);

/** Whose a new memory is: `persona` said it or heard it in its own conversation, or it is a shared fact about the user. */
export function memoryOwner(
  kind: MemoryKind,
  persona: { id: string; keepsToItself?: boolean } | null | undefined,
): string | null {
  if (!persona) return null;
  if (PERSONA_OWNED_KINDS.has(kind)) return persona.id;
  // Page memories are about the page, never the persona's own.
  if (kind === 'page') return null;
  return persona.keepsToItself ? persona.id : null;
}

/** Whether a persona may recall a memory: its own, and shared ones. */
export function visibleToPersona(record: Pick<MemoryRecord, 'personaId'>, personaId: string): boolean {
  return record.personaId === undefined || record.personaId === null || record.personaId === personaId;
}
