import { z } from 'zod';
import {
  MoodLogEntrySchema,
  MoodViewSchema,
  PadSchema,
  RelationshipViewSchema,
  TurnMoodSchema,
} from '../mood/schemas';
import {
  CommentPollRequest,
  CommentPollResponse,
  CommentReactionRequest,
  CommentShownRequest,
} from '../page/comment-messages';

/** Who may send a message: this extension's own pages, or a content script (for its own tab). */
export type SenderKind = 'extension' | 'content';

/** What the content script reports of the page in its tab. The tab is the sender's, never the payload's. */
export const PageReport = z.object({
  /** Only web pages are tracked: a `javascript:`, `data:` or `file:` address is refused. */
  url: z
    .string()
    .max(4096)
    .url()
    .refine((url) => /^https?:\/\//i.test(url), 'only http(s) pages can be reported'),
  title: z.string().max(500),
  /** The user's selection, if any, capped. */
  selection: z.string().max(4000).default(''),
});
export type PageReport = z.infer<typeof PageReport>;

/**
 * What the page reader sends from a page (lib/context/extract/snapshot.ts): the HTML of the
 * visible nodes only, and a sample of hidden text used only to flag injection attempts.
 */
export const PageVisible = z.object({
  url: PageReport.shape.url,
  title: z.string().max(500),
  selection: z.string().max(4000),
  html: z.string().max(2_000_000),
  hiddenChars: z.number().int().nonnegative(),
  hiddenByReason: z.record(z.string().max(64), z.number().nonnegative()),
  hiddenSample: z.string().max(4000),
  cost: z.object({
    longestTaskMs: z.number().nonnegative(),
    totalMs: z.number().nonnegative(),
    tasks: z.number().int().nonnegative(),
  }),
});
export type PageVisible = z.infer<typeof PageVisible>;

/** What was read of a page: the article, as the background keeps it per tab. */
export const PageArticle = z.object({
  url: z.string(),
  title: z.string(),
  headings: z.array(z.string()),
  /** The selection when the page was read (the record's own `selection` is the latest). */
  selection: z.string(),
  /** The readable text, one block per line, capped at 8,000 characters. */
  text: z.string(),
  /** Characters of the whole text found, before the cap. */
  chars: z.number().int().nonnegative(),
  truncated: z.boolean(),
  /** Tokens of `text` (an estimate: 3 characters a token; lib/llm/token-estimate.ts). */
  tokens: z.number().int().nonnegative(),
  /** Whether Readability found an article (otherwise `text` is all visible text). */
  isArticle: z.boolean(),
  /** The page seems to try to instruct the companion (lib/context/injection-signals.ts). */
  injectionSuspected: z.boolean(),
  injectionSignals: z.array(z.string()),
  /** Characters of hidden text left out. */
  hiddenChars: z.number().int().nonnegative(),
  readAt: z.number(),
});
export type PageArticle = z.infer<typeof PageArticle>;

/** The page a tab shows, as the background tracks it. */
export const PageContext = z.object({
  tabId: z.number().int(),
  url: z.string(),
  title: z.string(),
  selection: z.string(),
  firstSeenAt: z.number(),
  updatedAt: z.number(),
  /** What was read of it, when Hearth read it (issue 8); absent for a page only reported. */
  article: PageArticle.optional(),
});

/** A request to ask about a page, left by the command or context menu for the panel. */
export const PageAsk = z.object({
  tabId: z.number().int(),
  kind: z.enum(['page', 'selection']),
  at: z.number(),
});
export type PageAsk = z.infer<typeof PageAsk>;
export type PageContext = z.infer<typeof PageContext>;

/** What the background knows of itself: proves state survives the worker being stopped. */
export const BackgroundStatus = z.object({
  version: z.string(),
  /** When this worker instance started (changes after the worker is stopped and woken). */
  instanceStartedAt: z.number(),
  /** How many times a worker instance has started since install (persisted). */
  wakeCount: z.number().int(),
  trackedTabs: z.number().int(),
});
export type BackgroundStatus = z.infer<typeof BackgroundStatus>;

const PersonaId = z.string().min(1).max(200);

/** Mood and relationship of a persona, as the mood/* messages answer them. */
export const MoodPair = z.object({ mood: MoodViewSchema, relationship: RelationshipViewSchema });

/** A persona's mood, relationship and log as one file (mood/export). */
export const MoodExport = z.object({
  format: z.literal('hearth-mood'),
  version: z.literal(1),
  exportedAt: z.string(),
  personaId: z.string(),
  temperament: z.object({ baseline: PadSchema, halfLifeHours: z.number() }),
  mood: MoodViewSchema,
  relationship: RelationshipViewSchema,
  log: z.array(MoodLogEntrySchema),
});

/**
 * The whole runtime protocol in one map: each message's request and response schema and
 * who may send it. Both sides take their types from here; the router validates on receipt.
 */
export const protocol = {
  'background/status': {
    request: z.object({}).strict(),
    response: BackgroundStatus,
    from: ['extension'],
  },
  'page/report': {
    request: PageReport.strict(),
    response: z.object({ accepted: z.boolean() }),
    from: ['content'],
  },
  'page/current': {
    request: z.object({ tabId: z.number().int().nonnegative().optional() }).strict(),
    response: PageContext.nullable(),
    from: ['extension'],
  },
  // Page comments (lib/companion/background/page-comments.ts): the open panel asks, writes
  // and reports; a content script may only dismiss the bubble of a comment in its own tab.
  'page/comment-poll': {
    request: CommentPollRequest,
    response: CommentPollResponse,
    from: ['extension'],
  },
  'page/comment-shown': {
    request: CommentShownRequest,
    response: z.object({ bubble: z.boolean() }),
    from: ['extension'],
  },
  'page/comment-reaction': {
    request: CommentReactionRequest,
    response: z.object({ recorded: z.boolean() }),
    from: ['extension', 'content'],
  },
  // The page reader's snapshot of the visible page; the background finds the article in it
  // (lib/context/reader-service.ts), unless privacy rules or the pause refuse it.
  'page/visible': {
    request: PageVisible.strict(),
    response: z.object({ accepted: z.boolean(), reason: z.string().optional() }),
    from: ['content'],
  },
  // "Ask Hearth about this page / selection": the panel takes the pending request once.
  'page/take-ask': {
    request: z.object({}).strict(),
    response: PageAsk.nullable(),
    from: ['extension'],
  },
  // Mood and relationship (lib/mood/mood-service.ts), kept by the background. A content
  // script may send none of them: a page cannot move the companion's mood by itself.
  'mood/appraise': {
    request: z
      .object({
        personaId: PersonaId,
        messageId: z.string().min(1).max(200),
        text: z.string().max(100_000),
        role: z.enum(['user', 'assistant']),
      })
      .strict(),
    response: TurnMoodSchema,
    from: ['extension'],
  },
  'mood/get': {
    request: z.object({ personaId: PersonaId }).strict(),
    response: MoodPair,
    from: ['extension'],
  },
  'mood/history': {
    request: z
      .object({
        personaId: PersonaId,
        from: z.number().optional(),
        limit: z.number().int().positive().max(10_000).optional(),
      })
      .strict(),
    response: z.array(MoodLogEntrySchema),
    from: ['extension'],
  },
  'mood/reset': {
    request: z.object({ personaId: PersonaId, what: z.enum(['mood', 'relationship', 'both']) }).strict(),
    response: MoodPair,
    from: ['extension'],
  },
  'mood/pause': {
    request: z.object({ personaId: PersonaId, paused: z.boolean() }).strict(),
    response: MoodPair,
    from: ['extension'],
  },
  'mood/export': {
    request: z.object({ personaId: PersonaId }).strict(),
    response: MoodExport,
    from: ['extension'],
  },
  // The event outbox (lib/events): a page that wrote events wakes the background to deliver them.
  'outbox/kick': {
    request: z.object({}).strict(),
    response: z.object({ started: z.boolean() }),
    from: ['extension'],
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType; from: readonly SenderKind[] }>;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.input<Protocol[T]['request']>;
export type ParsedRequestOf<T extends MessageType> = z.output<Protocol[T]['request']>;
export type ResponseOf<T extends MessageType> = z.output<Protocol[T]['response']>;

/** The envelope every runtime message travels in. */
export const Envelope = z.object({
  hearth: z.literal(1),
  type: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof Envelope>;
