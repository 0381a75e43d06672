import { z } from 'zod';

/** How the user answered a page comment. `ignored` is never sent: it is a comment left unanswered. */
export const Reaction = z.enum(['dismissed', 'thumbs-up', 'thumbs-down', 'replied']);
export type Reaction = z.infer<typeof Reaction>;

/** One comment Hearth decided to make (counted against the caps from that moment). */
export const CommentEntry = z.object({
  id: z.string().min(1).max(100),
  at: z.number(),
  /** `comment`: while the user reads; `noticed`: mentioned when the panel next opened. */
  kind: z.enum(['comment', 'noticed']),
  tabId: z.number().int(),
  key: z.string(),
  site: z.string(),
  url: z.string(),
  title: z.string(),
  topic: z.array(z.string()),
  why: z.string(),
  /** Set once the panel wrote and showed it. */
  messageId: z.string().optional(),
  personaId: z.string().optional(),
  shownAt: z.number().optional(),
  reaction: Reaction.optional(),
  reactedAt: z.number().optional(),
});
export type CommentEntry = z.infer<typeof CommentEntry>;

/** A page the policy would have commented on while the panel was closed: mentioned once, later. */
export const NoticedPage = z.object({
  tabId: z.number().int(),
  key: z.string(),
  site: z.string(),
  url: z.string(),
  title: z.string(),
  topic: z.array(z.string()),
  why: z.string(),
  at: z.number(),
});
export type NoticedPage = z.infer<typeof NoticedPage>;

/** The comment side of the background's state, as stored. */
export const CommentLog = z.object({
  comments: z.array(CommentEntry),
  noticed: NoticedPage.nullable(),
  /** When an open panel last asked for a comment: it is open while it keeps asking. */
  panelSeenAt: z.number().nullable(),
});
export type CommentLog = z.infer<typeof CommentLog>;

/** Comments are kept this long: the caps, the cooldown, novelty and back-off look no further. */
export const HISTORY_MS = 7 * 24 * 3_600_000;
/** A comment with no reaction after this long counts as ignored. */
export const IGNORED_AFTER_MS = 20 * 60_000;
/** A panel that has not asked for this long is closed (it asks every 30 s while open). */
export const PANEL_GONE_MS = 75_000;

/** The empty log. */
export const emptyCommentLog = (): CommentLog => ({ comments: [], noticed: null, panelSeenAt: null });

/** The stored log; damaged entries are dropped one by one, a damaged whole starts empty. */
export function parseCommentLog(stored: unknown): CommentLog {
  const whole = CommentLog.safeParse(stored);
  if (whole.success) return whole.data;
  const log = emptyCommentLog();
  const raw = (stored as { comments?: unknown } | null)?.comments;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const parsed = CommentEntry.safeParse(entry);
      if (parsed.success) log.comments.push(parsed.data);
    }
  }
  return log;
}

/** Adds a comment and drops those older than HISTORY_MS. */
export function addComment(log: CommentLog, entry: CommentEntry, now: number): CommentLog {
  return { ...log, comments: [...log.comments.filter((c) => now - c.at <= HISTORY_MS), entry] };
}

/** Applies `patch` to the comment with `id`; null when there is none. */
export function updateComment(
  log: CommentLog,
  id: string,
  patch: Partial<Omit<CommentEntry, 'id'>>,
): { log: CommentLog; entry: CommentEntry } | null {
  const index = log.comments.findIndex((c) => c.id === id);
  if (index < 0) return null;
  const entry = { ...log.comments[index]!, ...patch };
  const comments = [...log.comments];
  comments[index] = entry;
  return { log: { ...log, comments }, entry };
}

/** How a comment was received: positive, negative (ignored counts), or not yet known. */
export function outcomeOf(comment: CommentEntry, now: number): 'positive' | 'negative' | 'pending' {
  if (comment.reaction === 'thumbs-up' || comment.reaction === 'replied') return 'positive';
  if (comment.reaction === 'dismissed' || comment.reaction === 'thumbs-down') return 'negative';
  const since = comment.shownAt ?? comment.at;
  return now - since >= IGNORED_AFTER_MS ? 'negative' : 'pending';
}

/**
 * How far Hearth has backed off: the number of negative outcomes in a row, newest first,
 * up to the last positive one, and when the newest of them happened.
 */
export function backOffOf(
  comments: readonly CommentEntry[],
  now: number,
): { streak: number; lastNegativeAt: number | null } {
  let streak = 0;
  let lastNegativeAt: number | null = null;
  const newestFirst = [...comments].sort((a, b) => b.at - a.at);
  for (const comment of newestFirst) {
    const outcome = outcomeOf(comment, now);
    if (outcome === 'pending') continue;
    if (outcome === 'positive') break;
    streak++;
    lastNegativeAt ??= comment.reactedAt ?? comment.at;
  }
  return { streak, lastNegativeAt };
}
