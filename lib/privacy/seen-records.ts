import { z } from 'zod';

/** One page as Hearth read it: the text (capped), its token count, and when it goes. */
export const SeenRecord = z.object({
  id: z.string().min(1).max(200),
  url: z.string().max(4096),
  site: z.string().max(253),
  title: z.string().max(500),
  /** The text as read, capped at {@link SEEN_TEXT_CHARS}. */
  text: z.string(),
  /** Tokens of the whole text read (an estimate: 3 characters a token). */
  tokens: z.number().int().nonnegative(),
  chars: z.number().int().nonnegative(),
  injectionSuspected: z.boolean(),
  at: z.number(),
  expiresAt: z.number(),
});
export type SeenRecord = z.infer<typeof SeenRecord>;

/** A short summary of a page with its address, kept only where the user allowed it. */
export const PageSummaryRecord = z.object({
  url: z.string().max(4096),
  site: z.string().max(253),
  title: z.string().max(500),
  summary: z.string().max(400),
  at: z.number(),
  expiresAt: z.number(),
});
export type PageSummaryRecord = z.infer<typeof PageSummaryRecord>;

/** How much of a page's text the log keeps. */
export const SEEN_TEXT_CHARS = 4000;
/** How long a page summary may be. */
export const SUMMARY_CHARS = 280;
