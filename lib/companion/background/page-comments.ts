import { ProtocolError } from '../../messaging/result';
import type { VerifiedSender } from '../../messaging/router';
import type { z } from 'zod';
import type { CommentSettings } from '../../page/comment-settings';
import { decideComment, inQuietHours, type CommentDecision } from '../../page/comment-policy';
import {
  PANEL_GONE_MS,
  addComment,
  parseCommentLog,
  updateComment,
  type CommentEntry,
  type CommentLog,
  type Reaction,
} from '../../page/comment-history';
import type {
  CommentPollRequest,
  CommentPollResponse,
  CommentShownRequest,
} from '../../page/comment-messages';
import { appraisalOfReaction } from '../../page/reaction-appraisal';
import {
  accrueDwell,
  focusTab,
  focusedPage,
  pageSeen,
  parseTracking,
  prunePages,
  tabClosed,
  type SeenPage,
  type TrackingState,
} from '../../page/tracking/tracking-state';
import { offerOf, systemMinutes, type PageCommentDeps } from './page-comment-deps';

export type { BubblePort, PageCommentDeps, PagePrivacy } from './page-comment-deps';

/** Storage keys (storage.local: revisits and the caps must survive a browser restart). */
export const TRACKING_KEY = 'page.tracking';
export const COMMENT_LOG_KEY = 'page.comments';
/** A page noticed while the panel was closed is mentioned only if the panel opens within this long. */
export const NOTICED_FOR_MS = 12 * 3_600_000;

/**
 * Page tracking and the decision to comment, in the background (issue 8 §3). Tracking
 * (focus, dwell, revisits, topic) and the comment log live in storage.local, and every
 * change goes through the serial writer, so a stopped worker loses nothing and two events
 * never overwrite each other. The open panel polls; an alarm counts dwell and notices pages
 * while the panel is closed (nothing is generated then).
 */
export function createPageCommentService(deps: PageCommentDeps) {
  const localMinutes = deps.localMinutes ?? systemMinutes;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const allowedFor = async (url: string) =>
    deps.privacy
      ? deps.privacy(url).catch(() => ({ allowed: false, reason: 'The privacy rules could not be read.' }))
      : { allowed: true };

  /** One read-modify-write of both records through the writer. */
  function transact<R>(
    step: (
      tracking: TrackingState,
      log: CommentLog,
      now: number,
    ) => Promise<{ tracking: TrackingState; log: CommentLog; result: R }>,
  ): Promise<R> {
    return deps.writer.run(async () => {
      const now = deps.now();
      const stored = await deps.area.get(TRACKING_KEY);
      const storedLog = await deps.area.get(COMMENT_LOG_KEY);
      const out = await step(
        parseTracking(stored[TRACKING_KEY], now),
        parseCommentLog(storedLog[COMMENT_LOG_KEY]),
        now,
      );
      await deps.area.set({ [TRACKING_KEY]: out.tracking, [COMMENT_LOG_KEY]: out.log });
      return out.result;
    });
  }

  const trackingOnly = (change: (t: TrackingState, now: number) => TrackingState) =>
    transact(async (tracking, log, now) => ({ tracking: change(tracking, now), log, result: undefined }));

  async function decide(
    tracking: TrackingState,
    log: CommentLog,
    now: number,
    settings: CommentSettings,
    extra: {
      panelOpen: boolean;
      panelBusy: boolean;
      relevance: z.infer<typeof CommentPollRequest>['relevance'];
    },
  ): Promise<CommentDecision> {
    const page = focusedPage(tracking);
    return decideComment({
      now,
      localMinutes: localMinutes(now),
      settings,
      page,
      allowed: page ? await allowedFor(page.url) : { allowed: false },
      panelOpen: extra.panelOpen,
      panelBusy: extra.panelBusy,
      lastActivityAt: tracking.lastActivityAt,
      relevance: extra.relevance && page && extra.relevance.key === page.key ? extra.relevance : null,
      comments: log.comments,
    });
  }

  /** The page noticed while the panel was closed, as a comment to mention now, if it may still be. */
  async function takeNoticed(
    log: CommentLog,
    now: number,
    settings: CommentSettings,
  ): Promise<CommentEntry | null> {
    const noticed = log.noticed;
    if (!noticed || !settings.enabled || now - noticed.at > NOTICED_FOR_MS) return null;
    if (inQuietHours(localMinutes(now), settings.quietHours)) return null;
    if (!(await allowedFor(noticed.url)).allowed) return null;
    return { ...noticed, id: newId(), at: now, kind: 'noticed' };
  }

  async function poll(request: z.infer<typeof CommentPollRequest>): Promise<CommentPollResponse> {
    const settings = await deps.settings();
    return transact<CommentPollResponse>(async (stored, log, now) => {
      const tracking = prunePages(accrueDwell(stored, now), now);
      const wasOpen = log.panelSeenAt !== null && now - log.panelSeenAt < PANEL_GONE_MS;
      let next: CommentLog = { ...log, panelSeenAt: now };
      const page = focusedPage(tracking);
      const focus = page ? { key: page.key, title: page.title, topic: page.topic } : null;
      // The panel just opened: what was noticed while it was closed, once (then forgotten).
      const noticed = wasOpen ? null : await takeNoticed(log, now, settings);
      if (!wasOpen) next = { ...next, noticed: null };
      if (noticed) {
        next = addComment(next, noticed, now);
        const decision = { speak: true, reason: 'noticed', why: noticed.why };
        return { tracking, log: next, result: { focus, decision, offer: offerOf(noticed) } };
      }
      const decision = await decide(tracking, log, now, settings, {
        panelOpen: true,
        panelBusy: request.panelBusy,
        relevance: request.relevance,
      });
      const summary = { speak: decision.speak, reason: decision.reason, why: decision.why };
      if (!decision.speak || !page)
        return { tracking, log: next, result: { focus, decision: summary, offer: null } };
      // Counted from the decision on, even if writing it fails: a failing engine cannot make
      // Hearth retry every 30 s.
      const entry: CommentEntry = {
        id: newId(),
        at: now,
        kind: 'comment',
        tabId: page.tabId,
        key: page.key,
        site: page.site,
        url: page.url,
        title: page.title,
        topic: page.topic,
        why: decision.why,
      };
      return {
        tracking,
        log: addComment(next, entry, now),
        result: { focus, decision: summary, offer: offerOf(entry) },
      };
    });
  }

  /** The alarm: counts dwell and, with the panel closed, notes a page Hearth would have spoken about. */
  async function tick(): Promise<CommentDecision | null> {
    const settings = await deps.settings();
    return transact<CommentDecision | null>(async (stored, log, now) => {
      const tracking = prunePages(accrueDwell(stored, now), now);
      const panelOpen = log.panelSeenAt !== null && now - log.panelSeenAt < PANEL_GONE_MS;
      if (panelOpen || !settings.enabled) return { tracking, log, result: null };
      const decision = await decide(tracking, log, now, settings, {
        panelOpen,
        panelBusy: false,
        relevance: undefined,
      });
      const page = focusedPage(tracking);
      if (decision.reason !== 'panel-closed' || !page) return { tracking, log, result: decision };
      const noticed = {
        tabId: page.tabId,
        key: page.key,
        site: page.site,
        url: page.url,
        title: page.title,
        topic: page.topic,
        why: decision.why,
        at: now,
      };
      return { tracking, log: { ...log, noticed }, result: decision };
    });
  }

  async function shown(request: z.infer<typeof CommentShownRequest>): Promise<{ bubble: boolean }> {
    const settings = await deps.settings();
    const entry = await transact(async (tracking, log, now) => {
      const updated = updateComment(log, request.commentId, {
        messageId: request.messageId,
        personaId: request.personaId,
        shownAt: now,
      });
      if (!updated) throw new ProtocolError('bad-request', 'There is no such page comment.');
      // The bubble only on the page the comment is about, still shown in its tab.
      const onPage = tracking.tabs[String(updated.entry.tabId)] === updated.entry.key;
      return { tracking, log: updated.log, result: onPage ? updated.entry : null };
    });
    if (!entry || entry.kind !== 'comment' || !settings.bubble || !deps.bubble) return { bubble: false };
    const personaName = (await deps.personaName?.(request.personaId).catch(() => null)) ?? 'Hearth';
    const bubble = await deps
      .bubble(entry.tabId, {
        hearthBubble: 1,
        commentId: entry.id,
        personaName,
        text: request.text,
        why: entry.why,
      })
      .catch(() => false);
    return { bubble };
  }

  async function react(
    request: { commentId: string; reaction: Reaction },
    sender: VerifiedSender,
  ): Promise<{ recorded: boolean }> {
    const result = await transact(async (tracking, log, now) => {
      const entry = log.comments.find((c) => c.id === request.commentId);
      if (!entry) return { tracking, log, result: null };
      if (sender.kind === 'content' && (sender.tabId !== entry.tabId || request.reaction !== 'dismissed'))
        throw new ProtocolError('forbidden', 'A page may only dismiss the comment shown on it.');
      // The first reaction counts for the mood; a later one (thumbs after a reply) updates the log only.
      const first = entry.reaction === undefined;
      const updated = updateComment(log, entry.id, { reaction: request.reaction, reactedAt: now })!;
      return { tracking, log: updated.log, result: { entry: updated.entry, first } };
    });
    if (!result) return { recorded: false };
    const { entry, first } = result;
    if (first && entry.personaId && deps.appraise) {
      await deps
        .appraise({
          personaId: entry.personaId,
          eventId: `page-comment:${entry.id}:${request.reaction}`,
          appraisal: appraisalOfReaction(request.reaction),
        })
        .catch((error: unknown) => console.warn('Hearth: a reaction could not move the mood', error));
    }
    return { recorded: true };
  }

  return {
    /**
     * A content script reported its tab's page (and headings, once the article is read).
     * Tracked only while page comments are on: with them off, no address is kept for them.
     */
    async seen(page: SeenPage): Promise<void> {
      if (!(await deps.settings()).enabled) return;
      await trackingOnly((t, now) => pageSeen(t, page, now));
    },
    /** The focused tab changed (null: away from the browser). */
    focus: (tabId: number | null) => trackingOnly((t, now) => focusTab(t, tabId, now)),
    tabClosed: (tabId: number) => trackingOnly((t, now) => tabClosed(t, tabId, now)),
    tick,
    poll,
    shown,
    react,
    /** Tracking and the log as stored (status, tests). */
    async read(): Promise<{ tracking: TrackingState; log: CommentLog }> {
      const now = deps.now();
      const t = await deps.area.get(TRACKING_KEY);
      const l = await deps.area.get(COMMENT_LOG_KEY);
      return { tracking: parseTracking(t[TRACKING_KEY], now), log: parseCommentLog(l[COMMENT_LOG_KEY]) };
    },
  };
}

/** The page-comment service's interface. */
export type PageCommentService = ReturnType<typeof createPageCommentService>;
