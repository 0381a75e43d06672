/** Why a content script's report of its page was refused; `null` when it may be kept. */
export type ReportRefusal = string | null;

function parseWebUrl(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Checks the address a content script reports against the one the browser gives for the
 * sender. The script's world shares the page's DOM, so a page can tamper with what the
 * script reads; the sender's address comes from the browser. Only web pages are tracked,
 * and a report must be about the sender's own page: same origin, path and query (the
 * fragment may differ, it is not a different page).
 */
export function checkReportedPage(
  reportedUrl: string,
  senderUrl: string | undefined,
  /**
   * 'origin' for the page reader, which follows a single-page app: after history.pushState the
   * browser still gives the address the document loaded with, while the page (which may
   * push any address of its own origin anyway) shows another path.
   */
  scope: 'page' | 'origin' = 'page',
): ReportRefusal {
  const reported = parseWebUrl(reportedUrl);
  if (!reported)
    return `Only web pages (http or https) are tracked; "${reportedUrl.slice(0, 80)}" is not one.`;
  const actual = parseWebUrl(senderUrl);
  if (!actual) return 'The browser did not say which web page sent this report, so it was not kept.';
  if (reported.origin !== actual.origin) {
    return `The report names a page of ${reported.origin}, but it was sent from ${actual.origin}; it was not kept.`;
  }
  if (scope === 'page' && (reported.pathname !== actual.pathname || reported.search !== actual.search)) {
    return 'The report names another page than the one that sent it; it was not kept.';
  }
  return null;
}
