import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createRouter, type Handlers } from '../../lib/messaging/router';
import { createPageTracker } from '../../lib/context/page-tracker';
import { runOpenPanelCommand } from '../../lib/context/open-panel-command';
import { publishChange } from '../../lib/messaging/changes';

const WAKE_KEY = 'background.wakeCount';

export default defineBackground({
  type: 'module',
  main() {
    // Every listener is registered synchronously here: a stopped worker is woken by the
    // event itself and must find its listener at once. State lives in storage, never only
    // in these variables.
    const instanceStartedAt = Date.now();
    const tracker = createPageTracker(browser.storage.session);
    const wake = (async () => {
      const count = Number((await browser.storage.local.get(WAKE_KEY))[WAKE_KEY] ?? 0) + 1;
      await browser.storage.local.set({ [WAKE_KEY]: count });
      return count;
    })();

    const handlers: Handlers = {
      async 'background/status'() {
        return {
          version: browser.runtime.getManifest().version,
          instanceStartedAt,
          wakeCount: await wake,
          trackedTabs: await tracker.count(),
        };
      },
      async 'page/report'(report, sender) {
        // The tab is always the sender's own: a content script cannot speak for another tab.
        if (sender.tabId === undefined) return { accepted: false };
        const tab = await browser.tabs.get(sender.tabId).catch(() => null);
        if (!tab || tab.incognito) return { accepted: false };
        await tracker.record(sender.tabId, report);
        publishChange({ topic: 'page', ids: [String(sender.tabId)] });
        return { accepted: true };
      },
      async 'page/current'({ tabId }) {
        const id = tabId ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
        return id === undefined ? null : tracker.get(id);
      },
    };
    const route = createRouter(handlers, { id: browser.runtime.id, origin: browser.runtime.getURL('/') });

    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      void route(message, sender).then(sendResponse);
      return true;
    });

    browser.tabs.onRemoved.addListener((tabId) => void tracker.forget(tabId));

    // The toolbar button opens the panel (Chrome) or toggles the sidebar (Firefox, where
    // sidebarAction.toggle() is allowed only from a user action such as this click).
    void browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});
    const sidebar = (browser as unknown as { sidebarAction?: { toggle(): Promise<void> } }).sidebarAction;
    if (sidebar) browser.action.onClicked.addListener(() => void sidebar.toggle().catch(() => {}));

    browser.commands.onCommand.addListener((command, tab) => {
      if (command !== 'open-panel') return;
      // Firefox: sidebarAction is not in Chrome's types.
      const sidebarAction = (browser as unknown as { sidebarAction?: { open(): Promise<void> } })
        .sidebarAction;
      void runOpenPanelCommand(
        {
          sidePanel: browser.sidePanel,
          sidebarAction,
          injectContentScript: (tabId) =>
            browser.scripting.executeScript({ target: { tabId }, files: ['/content-scripts/page.js'] }),
        },
        tab,
      );
    });
  },
});
