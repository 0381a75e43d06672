/**
 * Which pages Hearth may read: pure. Built-in blocks come first and cannot be lifted
 * (banking, health, mail, password managers, sign-in and checkout pages), then the user's
 * own blocks, then the user's allows. A page with no rule is "neutral": read only when the
 * user opens Hearth on it, never noticed by itself.
 */
import type { SiteRule } from './settings';

/** The decision for one address, with the reason in words. */
export interface SiteDecision {
  verdict: 'allow' | 'block' | 'neutral';
  reason: string;
}

/** A built-in category of blocked pages. */
interface BuiltInBlock {
  name: string;
  /** Tested against the host name (lower case). */
  host?: RegExp;
  /** Tested against the path and query (lower case). */
  path?: RegExp;
}

const label = (words: string) => new RegExp(`(^|[.-])(${words})([.-]|$)`);

/** The blocks every install has; tested one by one in site-rules.test.ts. */
export const BUILT_IN_BLOCKS: readonly BuiltInBlock[] = [
  {
    name: 'banking and payments',
    host: /bank|banking|credit-?union|paypal|venmo|wise\.com$|revolut|stripe\.com$|klarna|chase\.com$|wellsfargo|capitalone|americanexpress|schwab|fidelity|vanguard|coinbase|binance/,
  },
  {
    name: 'health',
    host: /health|clinic|hospital|patient|mychart|pharmacy|medical|doctor|therapy|nhs\.uk$|webmd|zocdoc|kaiserpermanente/,
  },
  {
    name: 'mail',
    host: new RegExp(
      `${label('mail|webmail|outlook|inbox').source}|^outlook\\.(live|office)\\.com$|proton\\.me$|protonmail|fastmail|tutanota|tuta\\.com$|icloud\\.com$`,
    ),
  },
  {
    name: 'password managers',
    host: /1password|bitwarden|lastpass|dashlane|keepersecurity|nordpass|roboform|keepass/,
  },
  {
    name: 'sign-in pages',
    host: label('login|signin|auth|sso|accounts|account|id|secure|passport'),
    path: /\/(log-?in|sign-?in|sign_in|signup|sign-?up|register|auth|oauth2?|sso|saml|password|reset-password|2fa|mfa|verify|session)(\/|\?|$|\.)/,
  },
  {
    name: 'checkout and payment pages',
    path: /\/(checkout|cart|basket|payment|payments|pay|billing|order|orders|purchase|wallet|subscribe)(\/|\?|$|\.)/,
  },
];

/** The host a rule names covers itself and its subdomains ("*.example.com" the same). */
function hostMatches(host: string, ruleHost: string): boolean {
  const bare = ruleHost.toLowerCase().replace(/^\*\./, '');
  return host === bare || host.endsWith(`.${bare}`);
}

/** The built-in block an address falls under, or null. */
export function builtInBlock(url: URL): string | null {
  const host = url.hostname.toLowerCase();
  const path = `${url.pathname}${url.search}`.toLowerCase();
  for (const block of BUILT_IN_BLOCKS) {
    if (block.host?.test(host) || block.path?.test(path)) return block.name;
  }
  return null;
}

/** Decides whether the page at `address` may be read. Not a web page: blocked. */
export function decideSite(address: string, rules: readonly SiteRule[]): SiteDecision {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { verdict: 'block', reason: 'not a web address' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { verdict: 'block', reason: 'not a web page' };
  const builtIn = builtInBlock(url);
  if (builtIn) return { verdict: 'block', reason: `${builtIn} are never read` };
  const host = url.hostname.toLowerCase();
  const matching = rules.filter((r) => hostMatches(host, r.host));
  if (matching.some((r) => r.kind === 'block')) return { verdict: 'block', reason: 'you blocked this site' };
  if (matching.some((r) => r.kind === 'allow')) return { verdict: 'allow', reason: 'you allowed this site' };
  return { verdict: 'neutral', reason: 'no rule: read only when you open Hearth on it' };
}

/** The host of an address, for a new rule ("Not here"); null when it has none. */
export function siteOf(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Rules with one more for `host` (replacing any rule of that exact host). */
export function withRule(rules: readonly SiteRule[], host: string, kind: SiteRule['kind']): SiteRule[] {
  return [
    ...rules.filter((r) => r.host.toLowerCase() !== host.toLowerCase()),
    { host: host.toLowerCase(), kind },
  ];
}

/**
 * Match patterns for registering the reader on allowed sites ("notice what I browse"):
 * each allowed host and its subdomains. Built-in path blocks (sign-in, checkout) go into
 * `excludeMatches`, so those pages never get the script at all; an allowed host that a
 * built-in host block covers is left out.
 */
export function registrationPatterns(rules: readonly SiteRule[]): {
  matches: string[];
  excludeMatches: string[];
} {
  const blocked = rules.filter((r) => r.kind === 'block');
  const hosts = rules
    .filter((r) => r.kind === 'allow')
    .map((r) => r.host.toLowerCase().replace(/^\*\./, ''))
    .filter((host) => !builtInBlock(new URL(`https://${host}/`)))
    .filter((host) => !blocked.some((b) => hostMatches(host, b.host)));
  // An address such as 127.0.0.1 has no subdomains.
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  const matches = [...new Set(hosts)].flatMap((h) =>
    isIp(h) ? [`*://${h}/*`] : [`*://${h}/*`, `*://*.${h}/*`],
  );
  const paths = [
    'login',
    'signin',
    'sign-in',
    'log-in',
    'signup',
    'sign-up',
    'register',
    'auth',
    'oauth',
    'sso',
    'password',
    'checkout',
    'cart',
    'basket',
    'payment',
    'pay',
    'billing',
    'order',
    'purchase',
    'wallet',
  ];
  const excludeMatches = [
    ...paths.flatMap((p) => [`*://*/${p}*`, `*://*/*/${p}*`]),
    ...blocked.flatMap((b) => {
      const h = b.host.toLowerCase().replace(/^\*\./, '');
      return [`*://${h}/*`, `*://*.${h}/*`];
    }),
  ];
  return { matches, excludeMatches: matches.length ? excludeMatches : [] };
}
