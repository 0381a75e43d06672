import { canReadUrl } from './inject';

/** The browser calls the command handler needs (a subset of the extension API, faked in tests). */
export interface PanelCommandApi {
  sidePanel?: { open(options: { windowId: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
  /**
   * Reads a tab's address again. Hearth has no `tabs` permission, so the tab handed to the
   * command may come without its URL; the command's activeTab grant makes it readable.
   */
  tabUrl?(tabId: number): Promise<string | undefined>;
  /** Injects the content script (`/content-scripts/page.js`) into one tab. */
  injectContentScript(tabId: number): Promise<unknown>;
  /** Whether the privacy rules let this page be read now (pause, blocked sites); all if absent. */
  mayRead?(url: string): Promise<boolean>;
}

/** The tab the command was pressed on, as the browser reports it. */
export interface CommandTab {
  id?: number;
  windowId?: number;
  url?: string;
  incognito?: boolean;
}

/**
 * The keyboard command (Alt+Shift+H): opens the panel (Chrome's side panel or Firefox's
 * sidebar) and, since the command is a user gesture that grants activeTab, lets Hearth read
 * that one tab by injecting the content script; never into a private window or a page that
 * may not be read. Returns what it did, for the caller's log and the tests.
 */
export async function runOpenPanelCommand(
  api: PanelCommandApi,
  tab: CommandTab | undefined,
): Promise<{ opened: boolean; injected: boolean }> {
  let opened = false;
  if (api.sidePanel && tab?.windowId !== undefined) {
    opened = await api.sidePanel.open({ windowId: tab.windowId }).then(
      () => true,
      () => false,
    );
  } else if (api.sidebarAction) {
    opened = await api.sidebarAction.open().then(
      () => true,
      () => false,
    );
  }
  let injected = false;
  // Without a URL nothing is injected: a page that cannot be named cannot be checked.
  const url =
    tab?.url ??
    (tab?.id !== undefined && api.tabUrl ? await api.tabUrl(tab.id).catch(() => undefined) : undefined);
  // A blocked site or a pause: the reader is not injected at all.
  const allowed = canReadUrl(url) && (!api.mayRead || (await api.mayRead(url!).catch(() => false)));
  if (tab?.id !== undefined && !tab.incognito && allowed) {
    injected = await api.injectContentScript(tab.id).then(
      () => true,
      () => false,
    );
  }
  return { opened, injected };
}
