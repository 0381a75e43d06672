/** The page-comment service's dependencies (browser edges behind small types) and two small helpers. */
import type { Appraisal } from '../../mood/types';
import type { CommentSettings } from '../../page/comment-settings';
import type { CommentEntry } from '../../page/comment-history';
import type { BubbleShow, CommentOffer } from '../../page/comment-messages';
import type { KeyValueArea, SerialWriter } from './serial-writer';

/**
 * The privacy rules' answer for a page (issue 8 §2: the global pause, blocked sites). The
 * page reader's stream owns those rules (lib/privacy); the background passes its function
 * in. Without one, only pages whose content script reported them (the tab the user opened
 * Hearth on) are ever tracked, and every such page counts as allowed.
 */
export type PagePrivacy = (url: string) => Promise<{ allowed: boolean; reason?: string }>;

/** Shows a comment in the page's own bubble (scripting + tabs.sendMessage in the extension). */
export type BubblePort = (tabId: number, bubble: BubbleShow) => Promise<boolean>;

/** What the page-comment service is built from. */
export interface PageCommentDeps {
  /** Tracking and the comment log (storage.local). */
  area: KeyValueArea;
  /** The background's one serial writer. */
  writer: SerialWriter;
  now: () => number;
  /** Minutes after local midnight, for quiet hours. */
  localMinutes?: (now: number) => number;
  /** The `comments` settings section as stored now. */
  settings: () => Promise<CommentSettings>;
  privacy?: PagePrivacy;
  bubble?: BubblePort;
  /** The persona's name for the bubble. */
  personaName?: (personaId: string) => Promise<string>;
  /** The mood's appraisal entry point (mood-service appraiseEvent); absent when there is no mood. */
  appraise?: (input: { personaId: string; eventId: string; appraisal: Appraisal }) => Promise<unknown>;
  newId?: () => string;
}

/** Minutes after local midnight by the system's time zone. */
export const systemMinutes = (now: number) => {
  const d = new Date(now);
  return d.getHours() * 60 + d.getMinutes();
};

/** The offer the panel receives for a logged comment. */
export const offerOf = (entry: CommentEntry): CommentOffer => ({
  id: entry.id,
  kind: entry.kind,
  tabId: entry.tabId,
  url: entry.url,
  title: entry.title,
  topic: entry.topic,
  why: entry.why,
});
