import { describe, expect, it, vi } from 'vitest';
import { runOpenPanelCommand, type PanelCommandApi } from './open-panel-command';

function api(overrides: Partial<PanelCommandApi> = {}) {
  return {
    sidePanel: { open: vi.fn(async () => {}) },
    injectContentScript: vi.fn(async () => [] as unknown),
    ...overrides,
  };
}

describe('the open-panel keyboard command', () => {
  it('opens the side panel in the tab’s window and reads that tab', async () => {
    const chrome = api();
    const result = await runOpenPanelCommand(chrome, { id: 4, windowId: 9, url: 'https://example.com/a' });
    expect(result).toEqual({ opened: true, injected: true });
    expect(chrome.sidePanel.open).toHaveBeenCalledWith({ windowId: 9 });
    expect(chrome.injectContentScript).toHaveBeenCalledWith(4);
  });

  it.each([
    ['a private window', { id: 1, windowId: 1, url: 'https://example.com/', incognito: true }],
    ['a browser page', { id: 1, windowId: 1, url: 'chrome://settings/' }],
    ['the web store', { id: 1, windowId: 1, url: 'https://chromewebstore.google.com/detail/x' }],
    ['a local file', { id: 1, windowId: 1, url: 'file:///etc/passwd' }],
  ])('opens the panel but never reads %s', async (_name, tab) => {
    const chrome = api();
    expect(await runOpenPanelCommand(chrome, tab)).toEqual({ opened: true, injected: false });
    expect(chrome.injectContentScript).not.toHaveBeenCalled();
  });

  it('opens the panel but never injects into a page the privacy rules refuse (blocked site, pause)', async () => {
    const chrome = api({ mayRead: vi.fn(async (url: string) => !url.includes('bank')) });
    expect(await runOpenPanelCommand(chrome, { id: 2, windowId: 1, url: 'https://mybank.example/' })).toEqual(
      {
        opened: true,
        injected: false,
      },
    );
    expect(chrome.injectContentScript).not.toHaveBeenCalled();
    expect(await runOpenPanelCommand(chrome, { id: 2, windowId: 1, url: 'https://otters.example/' })).toEqual(
      {
        opened: true,
        injected: true,
      },
    );
  });

  it('uses Firefox’s sidebar where there is no side panel, and survives a refused injection', async () => {
    const sidebarAction = { open: vi.fn(async () => {}) };
    const firefox = {
      sidebarAction,
      injectContentScript: vi.fn(async () => Promise.reject(new Error('no access'))),
    };
    expect(await runOpenPanelCommand(firefox, { id: 2, url: 'https://example.com/' })).toEqual({
      opened: true,
      injected: false,
    });
    expect(sidebarAction.open).toHaveBeenCalled();
  });

  it('reads the address again when the tab came without it (no `tabs` permission), and checks it', async () => {
    const chrome = api({ tabUrl: vi.fn(async () => 'https://example.com/b') });
    expect(await runOpenPanelCommand(chrome, { id: 4, windowId: 9 })).toEqual({
      opened: true,
      injected: true,
    });
    expect(chrome.tabUrl).toHaveBeenCalledWith(4);

    const browserPage = api({ tabUrl: vi.fn(async () => 'chrome://settings/') });
    expect(await runOpenPanelCommand(browserPage, { id: 4, windowId: 9 })).toEqual({
      opened: true,
      injected: false,
    });
    expect(browserPage.injectContentScript).not.toHaveBeenCalled();
  });

  it('never injects into a tab whose address stays hidden', async () => {
    const hidden = api({ tabUrl: vi.fn(async () => undefined) });
    expect(await runOpenPanelCommand(hidden, { id: 4, windowId: 9 })).toEqual({
      opened: true,
      injected: false,
    });
    const failing = api({ tabUrl: vi.fn(async () => Promise.reject(new Error('No tab with id: 4'))) });
    expect(await runOpenPanelCommand(failing, { id: 4, windowId: 9 })).toEqual({
      opened: true,
      injected: false,
    });
    expect(hidden.injectContentScript).not.toHaveBeenCalled();
    expect(failing.injectContentScript).not.toHaveBeenCalled();
  });
});
