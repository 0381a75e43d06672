/**
 * The browser edge of page reading, for the background: where Readability runs (an
 * offscreen document in Chrome, in place in Firefox's background page), the registration of
 * the reader for allowed sites, and "Ask Hearth about this page / selection" from the
 * keyboard and the context menu. Listeners are added synchronously by the caller's main().
 */
import { browser } from 'wxt/browser';
import type { PageVisible } from '../messaging/protocol';
import { readPrivacy } from '../privacy/read-privacy';
import type { PageRead } from './extract/article';
import { createInPlaceArticleHost, createOffscreenArticleHost } from './article-host';
import { runOpenPanelCommand, type PanelCommandApi } from './open-panel-command';
import type { PageAskStore } from './page-ask';
import type { ReaderService } from './reader-service';
import { READER_SCRIPT_FILE, syncReaderRegistration, type RegistrationApi } from './reader-registration';

/** Runs Readability outside the page: in place where there is a DOM, else offscreen. */
export function browserArticleHost(): (snapshot: PageVisible) => Promise<PageRead> {
  if (typeof DOMParser !== 'undefined') {
    const parser = new DOMParser();
    return createInPlaceArticleHost((html) => parser.parseFromString(html, 'text/html'));
  }
  const offscreen = (browser as unknown as { offscreen: OffscreenNamespace }).offscreen;
  const url = browser.runtime.getURL('/reader-offscreen.html');
  return createOffscreenArticleHost({
    hasDocument: async () => (await offscreen.hasDocument?.()) ?? false,
    createDocument: () =>
      offscreen.createDocument({
        url,
        reasons: ['DOM_PARSER'],
        justification: 'Find the readable article in the visible text of a page the user let Hearth read.',
      }),
    send: (message) => browser.runtime.sendMessage(message),
  });
}

interface OffscreenNamespace {
  hasDocument?(): Promise<boolean>;
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
}

const registrationApi: RegistrationApi = {
  registeredIds: async () => (await browser.scripting.getRegisteredContentScripts()).map((s) => s.id),
  register: (script) => browser.scripting.registerContentScripts([script]),
  unregister: (id) => browser.scripting.unregisterContentScripts({ ids: [id] }),
  granted: (pattern) => browser.permissions.contains({ origins: [pattern] }).catch(() => false),
};

/** Re-registers the reader for the current settings and drops what may no longer be read. */
export async function applyPrivacy(reader: ReaderService | null): Promise<void> {
  const privacy = await readPrivacy(browser.storage.local);
  await syncReaderRegistration(registrationApi, privacy).catch((error: unknown) =>
    console.warn('Hearth could not register the page reader:', error),
  );
  await reader?.privacyChanged();
}

const MENU = { page: 'hearth-ask-page', selection: 'hearth-ask-selection' } as const;

/** The calls that open the panel and inject the reader into one tab. */
export function panelCommandApi(reader: ReaderService | null): PanelCommandApi {
  const sidebarAction = (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
  return {
    sidePanel: browser.sidePanel,
    sidebarAction,
    // Without the `tabs` permission the address is visible once the gesture's activeTab applies.
    tabUrl: (tabId) => browser.tabs.get(tabId).then((t) => t.url),
    injectContentScript: (tabId) =>
      browser.scripting.executeScript({ target: { tabId }, files: [`/${READER_SCRIPT_FILE}`] }),
    mayRead: async (url) => (reader ? reader.mayRead(url, false) : true),
  };
}

/**
 * Wires reading: settings and granted sites re-register the reader; the ask commands and
 * context-menu items open the panel, inject the reader into that tab (their gesture grants
 * activeTab) and leave the request for the panel.
 */
export function wirePageReading(
  reader: ReaderService | null,
  asks: PageAskStore,
  now: () => number,
  /** Tells an open panel that a request is waiting for it. */
  publish: (tabId: number) => void,
): void {
  const apply = () => void applyPrivacy(reader);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'settings' in changes) apply();
  });
  browser.permissions.onAdded?.addListener(apply);
  browser.permissions.onRemoved?.addListener(apply);
  browser.runtime.onStartup.addListener(apply);
  browser.runtime.onInstalled.addListener(() => {
    apply();
    const menus = browser.contextMenus;
    if (!menus) return;
    void menus.removeAll().then(() => {
      menus.create({ id: MENU.page, title: 'Ask Hearth about this page', contexts: ['page'] });
      menus.create({ id: MENU.selection, title: 'Ask Hearth about this selection', contexts: ['selection'] });
    });
  });
  const ask = (
    kind: 'page' | 'selection',
    tab: { id?: number; windowId?: number; url?: string; incognito?: boolean } | undefined,
  ) =>
    void runOpenPanelCommand(panelCommandApi(reader), tab).then(async ({ injected }) => {
      if (!injected || tab?.id === undefined) return;
      await asks.leave({ tabId: tab.id, kind, at: now() });
      publish(tab.id);
    });
  browser.contextMenus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU.page) ask('page', tab);
    if (info.menuItemId === MENU.selection) ask('selection', tab);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'ask-page') ask('page', tab);
    if (command === 'ask-selection') ask('selection', tab);
  });
}
