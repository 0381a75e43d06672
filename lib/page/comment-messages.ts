import { z } from 'zod';
import { Reaction } from './comment-history';

/** A comment the background decided on, for the open panel to write. */
export const CommentOffer = z.object({
  id: z.string().min(1).max(100),
  /** `comment`: about the page being read; `noticed`: a page read while the panel was closed, mentioned once. */
  kind: z.enum(['comment', 'noticed']),
  tabId: z.number().int(),
  url: z.string().max(4096),
  title: z.string().max(500),
  topic: z.array(z.string().max(100)).max(20),
  /** "Why this comment", shown with it. */
  why: z.string().max(1000),
});
export type CommentOffer = z.infer<typeof CommentOffer>;

/** The open panel asks every 30 s (and so says it is open): its state and, once known, the page's relevance. */
export const CommentPollRequest = z
  .object({
    /** A turn is running or the user is typing: not a moment to speak. */
    panelBusy: z.boolean(),
    /** How closely the focused page (by key) touches the user's memories, from the panel's memory. */
    relevance: z
      .object({
        key: z.string().max(2048),
        score: z.number().min(0).max(1),
        memory: z.string().max(300).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The background's answer to a poll: the focused page (for relevance), the decision in words, and an offer when it speaks. */
export const CommentPollResponse = z.object({
  focus: z.object({ key: z.string(), title: z.string(), topic: z.array(z.string()) }).nullable(),
  decision: z.object({ speak: z.boolean(), reason: z.string(), why: z.string() }),
  offer: CommentOffer.nullable(),
});
export type CommentPollResponse = z.infer<typeof CommentPollResponse>;

/** The panel wrote and showed a comment: which message it is, in which persona's voice, and its text for the bubble. */
export const CommentShownRequest = z
  .object({
    commentId: z.string().min(1).max(100),
    messageId: z.string().min(1).max(200),
    personaId: z.string().min(1).max(200),
    text: z.string().max(4000),
  })
  .strict();

/** A reaction to a comment: from the panel (any), or from the bubble in the comment's own tab (dismiss only). */
export const CommentReactionRequest = z
  .object({ commentId: z.string().min(1).max(100), reaction: Reaction })
  .strict();

/** What the background sends the in-page bubble (tabs.sendMessage); the bubble checks it with this schema. */
export const BubbleShow = z
  .object({
    hearthBubble: z.literal(1),
    commentId: z.string().min(1).max(100),
    personaName: z.string().max(80),
    text: z.string().max(4000),
    why: z.string().max(1000),
  })
  .strict();
export type BubbleShow = z.infer<typeof BubbleShow>;
