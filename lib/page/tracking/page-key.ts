/** A page as tracking counts it: one key per address without query and fragment, and its site. */
export interface PageKey {
  /** origin + path: the same article read again is a revisit, whatever its tracking parameters. */
  key: string;
  /** The host name: caps per site count by it. */
  site: string;
}

/** The page key of an address; null for anything but an http(s) address. */
export function pageKeyOf(url: string): PageKey | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') : '/';
  return { key: `${parsed.origin}${path}`.slice(0, 2048), site: parsed.hostname };
}
