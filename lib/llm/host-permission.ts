import { browser } from 'wxt/browser';

/**
 * The match pattern that grants access to `url`'s host, e.g. `http://127.0.0.1/*` for
 * `http://127.0.0.1:8080/v1`.
 *
 * The port is left out on purpose. Firefox rejects match patterns with a port, and Chrome
 * treats a pattern without one as "any port"; one portless pattern therefore works in both
 * and keeps working when the user moves their server from :8080 to :8081. The cost is that
 * the grant covers every port on that host, which the permission prompt shows plainly
 * ("127.0.0.1"). The pattern stays inside the manifest's optional `http://*\/*` and
 * `https://*\/*`, as `permissions.request` requires.
 * https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns
 */
export function originPatternFor(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`Only http and https addresses can be granted, not ${parsed.protocol}`);
  }
  // `hostname` keeps the brackets of an IPv6 literal ("[::1]"), as match patterns want.
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/**
 * Makes sure Hearth may talk to `url`'s host, asking the user if it may not yet.
 * Returns false when refused or when asking failed (Chrome only asks during a user gesture):
 * a server that sends CORS headers works without the grant, so the caller may still try.
 */
export async function ensureHostPermission(url: string): Promise<boolean> {
  let origins: string[];
  try {
    origins = [originPatternFor(url)];
  } catch {
    return false;
  }
  try {
    if (await browser.permissions.contains({ origins })) return true;
    return await browser.permissions.request({ origins });
  } catch (error) {
    console.warn('Hearth: could not ask for host permission', origins[0], error);
    return false;
  }
}
