import { z } from 'zod';

/** A time of day as minutes after midnight (0–1439), in the browser's local time. */
const MinuteOfDay = z.number().int().min(0).max(1439);

/**
 * The `comments` section of the settings: whether Hearth remarks on the page the user is
 * reading, how often at most, and when never. Off by default: commenting on what someone
 * reads is something they switch on, not something they have to discover and switch off.
 */
export const CommentSettings = z.object({
  /** Page comments at all. */
  enabled: z.boolean(),
  /** Also show the comment in a small bubble on the page (the panel always shows it). */
  bubble: z.boolean(),
  /** No comments between `start` and `end` (local time; the span may cross midnight). */
  quietHours: z.object({ enabled: z.boolean(), start: MinuteOfDay, end: MinuteOfDay }),
  /** At most this many comments in any hour, over all sites. */
  maxPerHour: z.number().int().min(1).max(30),
  /** At most this many comments in any hour on one site. */
  maxPerSitePerHour: z.number().int().min(1).max(30),
  /** The least time between two comments (minutes), before any back-off. */
  cooldownMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** How readily Hearth speaks: the score a page needs is raised (quiet) or lowered (chatty). */
  chattiness: z.enum(['quiet', 'normal', 'chatty']).default('normal'),
  /** How long the user must have stayed on a page before it may be commented on (seconds). */
  minDwellSeconds: z.number().int().min(10).max(3600),
});
export type CommentSettings = z.infer<typeof CommentSettings>;

/** The `comments` section of a fresh install. */
export const DEFAULT_COMMENT_SETTINGS: CommentSettings = {
  enabled: false,
  bubble: true,
  quietHours: { enabled: true, start: 22 * 60, end: 8 * 60 },
  maxPerHour: 2,
  maxPerSitePerHour: 1,
  cooldownMinutes: 10,
  chattiness: 'normal',
  minDwellSeconds: 60,
};

/** The settings section as Settings declares it: absent in settings stored before it existed. */
export const CommentSettingsSection = CommentSettings.default(DEFAULT_COMMENT_SETTINGS);

/**
 * The comment settings from what storage.local keeps under `settings` (`{version, value}`),
 * for the background, which needs this section only and never the API key. Anything
 * missing or unreadable gives the defaults, which are off: a damaged section can never
 * switch commenting on.
 */
export function commentSettingsFromStored(stored: unknown): CommentSettings {
  const value =
    typeof stored === 'object' && stored !== null ? (stored as { value?: unknown }).value : undefined;
  const section =
    typeof value === 'object' && value !== null ? (value as { comments?: unknown }).comments : undefined;
  const parsed = CommentSettingsSection.safeParse(section);
  return parsed.success ? parsed.data : structuredClone(DEFAULT_COMMENT_SETTINGS);
}
