import type { Handlers } from '../../messaging/router';
import type { Change } from '../../messaging/changes';
import { ProtocolError } from '../../messaging/result';
import { DEFAULT_COMMENT_SETTINGS } from '../../page/comment-settings';
import { createPageTracker } from '../../context/page-tracker';
import { checkReportedPage } from '../../context/reported-page';
import { createSerialWriter, createStoredValue, type KeyValueArea, type SerialWriter } from './serial-writer';
import { createMoodService, type MoodServiceDeps } from '../../mood/mood-service';
import { createPageCommentService, type PageCommentDeps } from './page-comments';
import { articleOf } from '../../page/page-article';
import { createReaderService, type ReaderServiceDeps } from '../../context/reader-service';
import { createPageAskStore } from '../../context/page-ask';

/**
 * The tab calls the background needs. Neither needs the `tabs` permission: a tab's
 * `incognito` flag and the active tab's id are visible without it (its URL and title are not,
 * and nothing here reads them).
 */
export interface TabsLookup {
  /** The tab with this id, or null when it is gone. */
  get(tabId: number): Promise<{ incognito: boolean } | null>;
  /** The id of the active tab in the last focused window, if any. */
  activeTabId(): Promise<number | undefined>;
}

/** Tells the other contexts what changed (BroadcastChannel in the extension). */
export interface ChangeChannel {
  publish(change: Change): void;
}

/** What the background's handlers are built from: browser APIs behind small interfaces. */
export interface BackgroundDeps {
  /** Cleared when the browser closes: what each tab shows (storage.session). */
  session: KeyValueArea;
  /** Kept across restarts: the wake counter (storage.local). */
  local: KeyValueArea;
  tabs: TabsLookup;
  changes: ChangeChannel;
  now: () => number;
  /** The extension's version (from the manifest). */
  version: string;
  /** The one writer for every read-modify-write of background state; a new one if absent. */
  writer?: SerialWriter;
  /** Mood and relationship: their store (IndexedDB) and the appraiser; without them the mood messages answer `unavailable`. */
  mood?: Pick<MoodServiceDeps, 'store' | 'appraise' | 'temperamentFor'>;
  /** Webhook delivery (outbox-processor.ts); without it `outbox/kick` answers started: false. */
  outbox?: { run(): Promise<unknown> };
  /** Page tracking and comments (lib/companion/background/page-comments.ts); kept in `local`. */
  pages?: Pick<PageCommentDeps, 'settings' | 'privacy' | 'bubble' | 'personaName' | 'localMinutes' | 'newId'>;
  /** Page reading (lib/context/reader-service.ts); without it snapshots answer `unavailable`. */
  reader?: Pick<ReaderServiceDeps, 'privacy' | 'article' | 'seen'>;
}

const WAKE_KEY = 'background.wakeCount';

/**
 * The background service: its message handlers and the reactions to browser events. Built
 * once per worker instance; the instance counts itself as a wake at once, so that the
 * count survives the worker being stopped. Every piece of state lives in the storage areas.
 */
export function createBackgroundService(deps: BackgroundDeps) {
  const writer = deps.writer ?? createSerialWriter();
  const instanceStartedAt = deps.now();
  const tracker = createPageTracker(deps.session, { writer, now: deps.now });
  const wakeCount = createStoredValue(
    deps.local,
    WAKE_KEY,
    (v) => (Number.isInteger(v) ? (v as number) : 0),
    writer,
  );
  const moodService = deps.mood
    ? createMoodService({
        ...deps.mood,
        writer,
        now: deps.now,
        publish: (personaId) => deps.changes.publish({ topic: 'mood', ids: [personaId] }),
      })
    : null;
  const mood = () => {
    if (!moodService) throw new ProtocolError('unavailable', 'Mood is not available in this background.');
    return moodService;
  };
  const pages = createPageCommentService({
    settings: async () => structuredClone(DEFAULT_COMMENT_SETTINGS),
    ...deps.pages,
    area: deps.local,
    writer,
    now: deps.now,
    appraise: moodService ? (input) => moodService.appraiseEvent(input) : undefined,
  });
  const publishPage = (tabId: number) => deps.changes.publish({ topic: 'page', ids: [String(tabId)] });
  const readerService = deps.reader
    ? createReaderService({ ...deps.reader, tracker, tabs: deps.tabs, now: deps.now, publish: publishPage })
    : null;
  const reader = () => {
    if (!readerService)
      throw new ProtocolError('unavailable', 'Page reading is not available in this background.');
    return readerService;
  };
  const asks = createPageAskStore(deps.session, writer);
  /** Tracking (dwell, revisits, topic) follows every report and every page read. */
  async function trackPage(tabId: number, url: string, title: string, headings?: string[]) {
    await pages.seen({ tabId, url, title, headings });
    // The worker may have woken after the tab was activated: a report from the active tab is the focus.
    if ((await deps.tabs.activeTabId().catch(() => undefined)) === tabId) await pages.focus(tabId);
  }
  const wake = wakeCount.update((n) => ({ next: n + 1, result: n + 1 }));
  // A failed count is reported by the status handler, not as an unhandled rejection.
  wake.catch(() => undefined);

  const handlers: Handlers = {
    async 'background/status'() {
      return {
        version: deps.version,
        instanceStartedAt,
        wakeCount: await wake,
        trackedTabs: await tracker.count(),
      };
    },
    async 'page/report'(report, sender) {
      // The tab is always the sender's own: a content script cannot speak for another tab,
      // nor for a page its tab does not show.
      if (sender.tabId === undefined) return { accepted: false };
      if (sender.topFrame === false) {
        throw new ProtocolError('forbidden', 'Only the tab’s own page may report it, not a frame inside it.');
      }
      const refusal = checkReportedPage(report.url, sender.url);
      if (refusal) throw new ProtocolError('forbidden', refusal);
      const tab = await deps.tabs.get(sender.tabId).catch(() => null);
      if (!tab || tab.incognito) return { accepted: false };
      const context = await tracker.record(sender.tabId, report);
      await trackPage(sender.tabId, report.url, report.title, articleOf(context)?.headings);
      deps.changes.publish({ topic: 'page', ids: [String(sender.tabId)] });
      return { accepted: true };
    },
    async 'page/current'({ tabId }) {
      const id = tabId ?? (await deps.tabs.activeTabId());
      return id === undefined ? null : tracker.get(id);
    },
    'page/comment-poll': (request) => pages.poll(request),
    'page/comment-shown': (request) => pages.shown(request),
    'page/comment-reaction': (request, sender) => pages.react(request, sender),
    async 'page/visible'(snapshot, sender) {
      const answer = await reader().visible(snapshot, sender);
      // A page read is also a page seen: tracking follows it with the article's headings.
      if (answer.accepted && sender.tabId !== undefined) {
        const article = articleOf(await tracker.get(sender.tabId));
        await trackPage(sender.tabId, snapshot.url, snapshot.title, article?.headings);
      }
      return answer;
    },
    'page/take-ask': () => asks.take(deps.now()),
    'mood/appraise': (input) => mood().appraise(input),
    'mood/get': ({ personaId }) => mood().get(personaId),
    'mood/history': ({ personaId, ...options }) => mood().history(personaId, options),
    'mood/reset': ({ personaId, what }) => mood().reset(personaId, what),
    'mood/pause': ({ personaId, paused }) => mood().pause(personaId, paused),
    'mood/export': ({ personaId }) => mood().exportAll(personaId),
    async 'outbox/kick'() {
      // Answered at once: delivery runs on in the background (its failures are in the dead letters).
      deps.outbox?.run().catch((error: unknown) => console.warn('Hearth: webhook delivery failed', error));
      return { started: deps.outbox !== undefined };
    },
  };

  return {
    handlers,
    /** Page reading: may a tab be read now, and what to drop when privacy settings change. */
    reader: readerService,
    /** "Ask Hearth about this page": left here for the panel that opens next. */
    asks,
    /** Page tracking: focus changes and the 30 s alarm (entrypoints/background wires them). */
    pages,
    /** A tab was closed: what it showed is forgotten. */
    async tabRemoved(tabId: number): Promise<void> {
      await pages.tabClosed(tabId);
      await tracker.forget(tabId);
      deps.changes.publish({ topic: 'page', ids: [String(tabId)] });
    },
  };
}

/** The background service's interface. */
export type BackgroundService = ReturnType<typeof createBackgroundService>;
