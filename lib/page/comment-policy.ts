import type { CommentSettings } from './comment-settings';
import { backOffOf, type CommentEntry } from './comment-history';
import type { PageStats } from './tracking/tracking-state';
import { topicOverlap } from './tracking/topic';
import { whyText } from './comment-why';

/** Why Hearth stayed silent; each has a sentence the settings or a test can show. */
export type SilenceReason =
  | 'off'
  | 'no-page'
  | 'not-allowed'
  | 'quiet-hours'
  | 'already-commented'
  | 'too-soon'
  | 'user-busy'
  | 'backed-off'
  | 'cooldown'
  | 'hourly-cap'
  | 'site-cap'
  | 'not-interesting'
  | 'panel-closed';

/** How much each part weighed, each 0 to 1. */
export interface CommentFactors {
  interest: number;
  novelty: number;
  relevance: number;
}

/** Everything the policy weighs; plain data, gathered by the background. */
export interface PolicyInput {
  now: number;
  /** `now` as minutes after local midnight (quiet hours are local). */
  localMinutes: number;
  settings: CommentSettings;
  /** The focused page, or null. */
  page: PageStats | null;
  /** The privacy rules' answer for the page (pause, blocked site). */
  allowed: { allowed: boolean; reason?: string };
  panelOpen: boolean;
  /** A turn is running in the panel or the user is typing there. */
  panelBusy: boolean;
  /** The last sign of the user acting on a page. */
  lastActivityAt: number;
  /** How closely the page touches what Hearth remembers of the user (0–1), and the closest memory; null when unknown. */
  relevance: { score: number; memory?: string } | null;
  /** Comments of the last days (lib/page/comment-history.ts). */
  comments: readonly CommentEntry[];
}

/** The policy's answer: speak or not, why in words, and the weights behind it. */
export type CommentDecision =
  | { speak: true; reason: 'interesting'; why: string; score: number; factors: CommentFactors }
  | { speak: false; reason: SilenceReason; why: string; score?: number; factors?: CommentFactors };

/** The user must not have acted on a page for this long: Hearth does not talk over reading that just started or a click. */
export const IDLE_MS = 20_000;
/** A page commented on is not commented on again for this long. */
export const SAME_PAGE_MS = 24 * 3_600_000;
/** After this many negative outcomes in a row Hearth stays silent until BACKED_OFF_MS after the last. */
export const MAX_BACKOFF = 4;
/** How long a full back-off lasts. */
export const BACKED_OFF_MS = 24 * 3_600_000;
/** The score a page needs, before back-off raises it by BACKOFF_THRESHOLD_STEP per negative outcome. */
export const SCORE_THRESHOLD = 0.45;
export const BACKOFF_THRESHOLD_STEP = 0.1;
/** How chattiness moves the threshold. */
export const CHATTINESS_SHIFT: Readonly<Record<CommentSettings['chattiness'], number>> = {
  quiet: 0.15,
  normal: 0,
  chatty: -0.15,
};
/** Dwell at which interest from time alone is full. */
export const FULL_INTEREST_DWELL_MS = 5 * 60_000;
/** Weights of interest, novelty and relevance in the score (they sum to 1). */
export const WEIGHTS: Readonly<CommentFactors> = { interest: 0.45, novelty: 0.3, relevance: 0.25 };

const HOUR = 3_600_000;

/** Whether `minutes` falls in the quiet span [start, end), which may cross midnight. */
export function inQuietHours(minutes: number, quiet: CommentSettings['quietHours']): boolean {
  if (!quiet.enabled || quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? minutes >= quiet.start && minutes < quiet.end
    : minutes >= quiet.start || minutes < quiet.end;
}

/** Interest: time on the page (saturating at FULL_INTEREST_DWELL_MS) and coming back to it. */
export function interestOf(page: PageStats): number {
  const time = Math.min(1, page.dwellMs / FULL_INTEREST_DWELL_MS);
  const returns = Math.min(1, (page.visits - 1) / 3);
  return 0.6 * time + 0.4 * returns;
}

/** Novelty: how little the page's topic shares with what Hearth commented on lately. */
export function noveltyOf(page: PageStats, comments: readonly CommentEntry[]): number {
  const overlap = comments.reduce((max, c) => Math.max(max, topicOverlap(page.topic, c.topic)), 0);
  return 1 - overlap;
}

const silent = (reason: SilenceReason, why: string): CommentDecision => ({ speak: false, reason, why });
const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * Decides whether Hearth comments on the focused page now. Silence is the default: every
 * gate below must pass (on, a page, allowed, not quiet hours, not already commented, the
 * user has stayed and is idle, not backed off, cooldown over, under the caps), then the
 * page must be interesting enough — interest, novelty and relevance weighed against a
 * threshold that rises with each comment ignored or dismissed in a row. An open panel is
 * checked last, so `panel-closed` means "would have spoken": the page may be mentioned once
 * when the panel next opens. Pure: the same input always gives the same decision.
 */
export function decideComment(input: PolicyInput): CommentDecision {
  const { now, settings, page } = input;
  if (!settings.enabled) return silent('off', 'Page comments are switched off.');
  if (!page) return silent('no-page', 'Hearth does not know the page in front of you.');
  if (!input.allowed.allowed)
    return silent('not-allowed', input.allowed.reason ?? 'Hearth may not read this page.');
  if (inQuietHours(input.localMinutes, settings.quietHours)) return silent('quiet-hours', 'Quiet hours.');
  if (input.comments.some((c) => c.key === page.key && now - c.at < SAME_PAGE_MS))
    return silent('already-commented', 'Hearth already said something about this page today.');
  const stay = settings.minDwellSeconds * 1000;
  if (page.visitDwellMs < stay)
    return silent('too-soon', `You have been on this page for less than ${minutes(stay)} min.`);
  if (input.panelBusy || now - input.lastActivityAt < IDLE_MS)
    return silent('user-busy', 'You are busy; Hearth waits for a quiet moment.');

  const { streak, lastNegativeAt } = backOffOf(input.comments, now);
  if (streak >= MAX_BACKOFF && lastNegativeAt !== null && now - lastNegativeAt < BACKED_OFF_MS)
    return silent(
      'backed-off',
      `Your last ${streak} page comments were dismissed or ignored; Hearth holds back.`,
    );
  const last = input.comments.reduce((max, c) => Math.max(max, c.at), -Infinity);
  const cooldown = settings.cooldownMinutes * 60_000 * 2 ** Math.min(streak, MAX_BACKOFF);
  if (now - last < cooldown)
    return silent(
      'cooldown',
      `Hearth commented ${minutes(now - last)} min ago and waits ${minutes(cooldown)} min between comments.`,
    );
  const lastHour = input.comments.filter((c) => now - c.at < HOUR);
  if (lastHour.length >= settings.maxPerHour)
    return silent(
      'hourly-cap',
      `Already ${lastHour.length} page comments this hour (at most ${settings.maxPerHour}).`,
    );
  const onSite = lastHour.filter((c) => c.site === page.site).length;
  if (onSite >= settings.maxPerSitePerHour)
    return silent(
      'site-cap',
      `Already ${onSite} comments on ${page.site} this hour (at most ${settings.maxPerSitePerHour}).`,
    );

  const factors: CommentFactors = {
    interest: interestOf(page),
    novelty: noveltyOf(page, input.comments),
    relevance: Math.max(0, Math.min(1, input.relevance?.score ?? 0)),
  };
  const score =
    WEIGHTS.interest * factors.interest +
    WEIGHTS.novelty * factors.novelty +
    WEIGHTS.relevance * factors.relevance;
  const threshold = SCORE_THRESHOLD + CHATTINESS_SHIFT[settings.chattiness] + BACKOFF_THRESHOLD_STEP * streak;
  if (score < threshold)
    return { ...silent('not-interesting', 'Nothing about this page stands out yet.'), score, factors };
  const why = whyText(page, factors, input.relevance?.memory);
  if (!input.panelOpen) return { speak: false, reason: 'panel-closed', why, score, factors };
  return { speak: true, reason: 'interesting', why, score, factors };
}
