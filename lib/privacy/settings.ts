import { z } from 'zod';

/** A site rule the user set: a host ("example.com" covers its subdomains too). */
export const SiteRule = z.object({
  host: z
    .string()
    .min(1)
    .max(253)
    .regex(/^(\*\.)?[a-z0-9.-]+$/i, 'a site is a host name such as example.com'),
  kind: z.enum(['allow', 'block']),
});
export type SiteRule = z.infer<typeof SiteRule>;

/** What Hearth may read and keep of the pages you visit (lib/privacy). */
export const PrivacySettings = z.object({
  /** Reading stops everywhere while paused: nothing is injected, nothing is recorded. */
  paused: z.boolean(),
  /**
   * "Notice what I browse": the reader runs by itself on the sites you allowed (content
   * scripts registered for those sites only). Off: only the tab you open Hearth on.
   */
  noticeBrowsing: z.boolean(),
  /** Your rules; the built-in blocks (banking, health, mail, …) apply whatever they say. */
  rules: z.array(SiteRule).max(500),
  /** Keep a short summary of pages read on allowed sites, with their address. */
  keepSummaries: z.boolean(),
  /** Days after which the log of what Hearth saw and page summaries are deleted. */
  keepDays: z.number().int().min(1).max(365),
});
export type PrivacySettings = z.infer<typeof PrivacySettings>;

/** A fresh install: nothing noticed by itself, nothing kept beyond a week. */
export const DEFAULT_PRIVACY: PrivacySettings = {
  paused: false,
  noticeBrowsing: false,
  rules: [],
  keepSummaries: false,
  keepDays: 7,
};
