/**
 * The background's side of reading a page: a snapshot arrives from a page reader, the
 * privacy rules decide (pause, built-in and user blocks, private windows), the article is
 * found off the page's main thread (`article`, an extension document with a DOM parser),
 * judged for injection attempts, kept per tab for the panel and the comment policy, and
 * logged in "What Hearth saw". A refused snapshot changes nothing and is not kept.
 */
import type { PageArticle, PageVisible } from '../messaging/protocol';
import type { VerifiedSender } from '../messaging/router';
import { ProtocolError } from '../messaging/result';
import { estimateTokens } from '../llm/token-estimate';
import type { PrivacySettings } from '../privacy/settings';
import { decideSite, siteOf } from '../privacy/site-rules';
import type { SeenLog } from '../privacy/seen-log';
import { capText } from './extract/block-text';
import type { PageRead } from './extract/article';
import { judgeInjection } from './injection-signals';
import type { PageTracker } from './page-tracker';
import { checkReportedPage } from './reported-page';

/** How much of a page's text the background keeps per tab (about 2,700 tokens). */
export const ARTICLE_TEXT_CHARS = 8000;

/** What the reader service is built from. */
export interface ReaderServiceDeps {
  tracker: PageTracker;
  /** The privacy settings as they are now (read on every snapshot: the worker keeps nothing). */
  privacy: () => Promise<PrivacySettings>;
  tabs: { get(tabId: number): Promise<{ incognito: boolean } | null> };
  /** Runs Readability on the snapshot in an extension document (never on the page). */
  article: (snapshot: PageVisible) => Promise<PageRead>;
  /** The seen log; without one nothing is logged (tests of the decision alone). */
  seen?: () => Promise<SeenLog>;
  now: () => number;
  /** Tells the panel that a tab's page record changed. */
  publish: (tabId: number) => void;
}

/** Why a snapshot was not read, or null when it may be. Pure. */
export function readingRefusal(url: string, privacy: PrivacySettings): string | null {
  if (privacy.paused) return 'Hearth is paused: no page is read.';
  const decision = decideSite(url, privacy.rules);
  return decision.verdict === 'block' ? `This page is not read: ${decision.reason}.` : null;
}

/** Creates the reader service. */
export function createReaderService(deps: ReaderServiceDeps) {
  return {
    /** A page reader's snapshot of its own tab's page. */
    async visible(
      snapshot: PageVisible,
      sender: VerifiedSender,
    ): Promise<{ accepted: boolean; reason?: string }> {
      if (sender.tabId === undefined) return { accepted: false, reason: 'No tab sent this page.' };
      if (sender.topFrame === false) {
        throw new ProtocolError('forbidden', 'Only the tab’s own page may be read, not a frame inside it.');
      }
      const refusal = checkReportedPage(snapshot.url, sender.url, 'origin');
      if (refusal) throw new ProtocolError('forbidden', refusal);
      const tab = await deps.tabs.get(sender.tabId).catch(() => null);
      if (!tab || tab.incognito) return { accepted: false, reason: 'Private windows are never read.' };
      const privacy = await deps.privacy();
      const blocked = readingRefusal(snapshot.url, privacy);
      if (blocked) {
        // An SPA that moved onto a blocked page keeps nothing of the page before it either.
        const forgotten = await deps.tracker.forgetArticles((url) => url === snapshot.url);
        if (forgotten.length) deps.publish(sender.tabId);
        return { accepted: false, reason: blocked };
      }

      const read = await deps.article(snapshot);
      const text = capText(read.text, ARTICLE_TEXT_CHARS);
      const injection = judgeInjection(read.text, snapshot.hiddenSample);
      const article: PageArticle = {
        url: snapshot.url,
        title: read.title,
        headings: read.headings,
        selection: read.selection,
        text: text.text,
        chars: read.chars,
        truncated: read.truncated || text.truncated,
        tokens: estimateTokens(text.text),
        isArticle: read.article,
        injectionSuspected: injection.suspected,
        injectionSignals: injection.signals,
        hiddenChars: read.hiddenCharsDropped,
        readAt: deps.now(),
      };
      await deps.tracker.recordArticle(sender.tabId, article);
      deps.publish(sender.tabId);
      if (deps.seen) {
        const site = siteOf(snapshot.url) ?? '';
        const log = await deps.seen();
        await log.record(
          {
            url: article.url,
            site,
            title: article.title,
            text: article.text,
            tokens: article.tokens,
            injectionSuspected: article.injectionSuspected,
          },
          {
            keepDays: privacy.keepDays,
            keepSummary: privacy.keepSummaries && decideSite(snapshot.url, privacy.rules).verdict === 'allow',
          },
        );
      }
      return { accepted: true };
    },
    /** Whether the reader may be injected into a page now (the command, the context menu). */
    async mayRead(url: string | undefined, incognito: boolean | undefined): Promise<boolean> {
      if (!url || incognito) return false;
      return readingRefusal(url, await deps.privacy()) === null;
    },
    /** Settings changed: drop what was read of pages that may no longer be read. */
    async privacyChanged(): Promise<number[]> {
      const privacy = await deps.privacy();
      const tabs = await deps.tracker.forgetArticles((url) => readingRefusal(url, privacy) !== null);
      for (const tab of tabs) deps.publish(tab);
      return tabs;
    },
  };
}

/** The reader service's interface. */
export type ReaderService = ReturnType<typeof createReaderService>;
