import { z } from 'zod';

/**
 * The article the page reader adds to a tab's page record (pageread's part of issue 8):
 * optional until it lands, so the record is read through this schema and anything else is
 * "no article", never an error. Capped here too: the record crosses a context boundary.
 */
export const PageArticle = z.object({
  title: z.string().max(500),
  url: z.string().max(4096),
  headings: z.array(z.string().max(500)).max(200).default([]),
  selection: z.string().max(4000).default(''),
  text: z.string().max(200_000),
  tokens: z.number().int().nonnegative().optional(),
  injectionSuspected: z.boolean().default(false),
});
export type PageArticle = z.infer<typeof PageArticle>;

/** The article of a page record (`page/current`'s answer), or null when it has none or a malformed one. */
export function articleOf(record: unknown): PageArticle | null {
  if (typeof record !== 'object' || record === null) return null;
  const parsed = PageArticle.safeParse((record as { article?: unknown }).article);
  return parsed.success ? parsed.data : null;
}
