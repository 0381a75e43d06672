import type { BrowserContext, Page } from '@playwright/test';
import { expect, getServiceWorker, type ChromeApi } from './fixtures';

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean };
}

/**
 * Injects Hearth's content script into `tab` as the keyboard command does, and returns a
 * way to run code in its world: the isolated execution context Chromium made for it (CDP
 * `Runtime.evaluate` with its context id). `page.evaluate` runs in the page's own world and
 * could not see `chrome.storage` at all.
 */
export async function contentScriptWorld(context: BrowserContext, extensionId: string, tab: Page) {
  const cdp = await context.newCDPSession(tab);
  const contexts: ExecutionContext[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: created }) =>
    contexts.push(created as ExecutionContext),
  );
  await cdp.send('Runtime.enable');
  const worker = await getServiceWorker(context, extensionId);
  await worker.evaluate(async (url) => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const [found] = await chrome.tabs.query({ url });
    await chrome.scripting.executeScript({
      target: { tabId: found!.id! },
      files: ['/content-scripts/page.js'],
    });
  }, tab.url());
  const isolated = () => contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Hearth');
  await expect.poll(() => isolated()?.id).toBeDefined();
  const contextId = isolated()!.id;
  return async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`In the content script's world: ${exceptionDetails.text}`);
    return result.value as T;
  };
}
