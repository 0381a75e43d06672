import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createRouter } from '../../lib/messaging/router';
import { createBackgroundService } from '../../lib/companion/background/handlers';
import { runOpenPanelCommand } from '../../lib/context/open-panel-command';
import { browserArticleHost, panelCommandApi, wirePageReading } from '../../lib/context/browser-reading';
import { readPrivacy } from '../../lib/privacy/read-privacy';
import { createSeenLog } from '../../lib/privacy/seen-log';
import { publishChange } from '../../lib/messaging/changes';
import { getDb } from '../../lib/db/open';
import { createMoodStore } from '../../lib/mood/mood-store';
import type { Appraisal } from '../../lib/mood/types';
import { createOffsetClock, scriptedAppraiser } from '../../lib/companion/background/e2e-edges';
import { loadAppraiser } from '../../lib/mood/appraiser/appraiser';
// The weights ship as a file of their own, fetched on the first appraisal of each wake.
import weightsUrl from '../../lib/mood/appraiser/weights.json?url';
import {
  alarmSchedule,
  createOutboxProcessor,
  OUTBOX_ALARM,
} from '../../lib/companion/background/outbox-processor';
import { onOutboxCommit } from '../../lib/events/outbox-store';
import { wirePageEvents } from '../../lib/companion/background/page-events';
import { commentSettingsFromStored } from '../../lib/page/comment-settings';
import { createPersonaStore } from '../../lib/persona/persona-store';
import { readingRefusal } from '../../lib/context/reader-service';

// End-to-end builds only (wxt.config.ts defines it): a movable clock and scripted appraisals.
const E2E = import.meta.env.HEARTH_E2E === true;
const withScripted = E2E
  ? (real: (text: string) => Promise<Appraisal>) => scriptedAppraiser(browser.storage.local, real)
  : (real: (text: string) => Promise<Appraisal>) => real;

export default defineBackground({
  type: 'module',
  main() {
    // Wiring only. Every listener is registered synchronously here: a stopped worker is
    // woken by the event itself and must find its listener at once. State lives in storage,
    // never only in variables; the handlers are in lib/companion/background/handlers.ts.
    const clock = E2E ? createOffsetClock(browser.storage.local) : null;
    // Webhook delivery (lib/companion/background/outbox-processor.ts). End-to-end builds hold a
    // lease 5 s (timeout 4 s) so a test can kill the worker mid-delivery without waiting a minute.
    const outbox = createOutboxProcessor({
      db: getDb,
      fetch: (input, init) => fetch(input, init),
      now: Date.now,
      schedule: alarmSchedule(browser.alarms),
      changed: () => publishChange({ topic: 'webhooks' }),
      ...(E2E ? { leaseMs: 5_000, timeoutMs: 4_000 } : {}),
    });
    const deliver = () => void outbox.run().catch((e: unknown) => console.warn('Hearth: webhooks', e));
    const service = createBackgroundService({
      session: browser.storage.session,
      local: browser.storage.local,
      tabs: {
        get: (tabId) => browser.tabs.get(tabId).then((tab) => ({ incognito: tab.incognito })),
        activeTabId: async () => (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
      },
      changes: { publish: publishChange },
      now: clock?.now ?? Date.now,
      version: browser.runtime.getManifest().version,
      outbox,
      mood: {
        // Read from IndexedDB on every message: a woken worker has nothing in memory.
        store: async () => createMoodStore(await getDb()),
        // The persona's own temperament sets the baseline its mood starts from.
        temperamentFor: async (id) => (await createPersonaStore(await getDb()).find(id))?.temperament ?? null,
        // The learned appraiser (lib/mood/appraiser); end-to-end builds let a test script
        // the appraisal of a text and fall back to the real one for the rest.
        appraise: withScripted(async (text) => {
          const appraiser = await loadAppraiser(() => fetch(weightsUrl).then((res) => res.json()));
          return appraiser.appraise(text);
        }),
      },
      pages: {
        // Comments obey the same rules as reading: paused, blocked or built-in blocked pages are
        // never commented on (lib/context/reader-service.ts readingRefusal).
        privacy: async (url) => {
          const refusal = readingRefusal(url, await readPrivacy(browser.storage.local));
          return refusal ? { allowed: false, reason: refusal } : { allowed: true };
        },
        settings: async () =>
          commentSettingsFromStored((await browser.storage.local.get('settings')).settings),
        personaName: async (id) => (await createPersonaStore(await getDb()).get(id)).name,
        // The bubble: its own small content script, shown only on the page the comment is about.
        bubble: async (tabId, bubble) => {
          await browser.scripting.executeScript({
            target: { tabId },
            files: ['/content-scripts/page-bubble.js'],
          });
          const answer = (await browser.tabs.sendMessage(tabId, bubble)) as { shown?: unknown } | undefined;
          return answer?.shown === true;
        },
      },
      // Page reading (issue 8): the privacy settings read on every snapshot, Readability
      // outside the page (lib/context/browser-reading.ts), the seen log in IndexedDB.
      reader: {
        privacy: () => readPrivacy(browser.storage.local),
        article: browserArticleHost(),
        seen: async () => createSeenLog(await getDb(), clock?.now ?? Date.now),
      },
    });
    wirePageEvents(
      {
        alarms: browser.alarms,
        tabs: browser.tabs,
        windows: browser.windows,
        activeTabIn: async (windowId) => (await browser.tabs.query({ active: true, windowId }))[0]?.id,
      },
      service.pages,
      async () => clock?.refresh(),
    );
    const routeNow = createRouter(service.handlers, {
      id: browser.runtime.id,
      origin: browser.runtime.getURL('/'),
    });

    const route: typeof routeNow = async (message, sender) => {
      await clock?.refresh();
      return routeNow(message, sender);
    };

    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      void route(message, sender).then(sendResponse);
      return true;
    });

    // Events this worker wrote (mood), the retry alarm, and every start (after a kill or a
    // browser restart) each run a delivery pass; the state it resumes is all in IndexedDB.
    onOutboxCommit(deliver);
    browser.alarms.onAlarm.addListener((alarm) => alarm.name === OUTBOX_ALARM && deliver());
    deliver();

    browser.tabs.onRemoved.addListener((tabId) => void service.tabRemoved(tabId).catch(() => undefined));

    // The toolbar button opens the panel (Chrome) or toggles the sidebar (Firefox, where
    // sidebarAction.toggle() is allowed only from a user action such as this click).
    void browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});
    const sidebar = (browser as unknown as { sidebarAction?: { toggle(): Promise<void> } }).sidebarAction;
    if (sidebar) browser.action.onClicked.addListener(() => void sidebar.toggle().catch(() => {}));

    browser.commands.onCommand.addListener((command, tab) => {
      if (command !== 'open-panel') return;
      // Opens the panel and reads that tab, unless paused or the site is blocked.
      void runOpenPanelCommand(panelCommandApi(service.reader), tab);
    });
    // Registration for allowed sites, the ask commands and context-menu items.
    wirePageReading(service.reader, service.asks, clock?.now ?? Date.now, (tabId) =>
      publishChange({ topic: 'page', ids: [String(tabId)] }),
    );
  },
});
