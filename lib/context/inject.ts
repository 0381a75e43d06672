/** Pages a content script may never run on: browser pages, the web store, local files. */
export function canReadUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return !['chrome.google.com', 'chromewebstore.google.com', 'addons.mozilla.org'].includes(parsed.hostname);
}
