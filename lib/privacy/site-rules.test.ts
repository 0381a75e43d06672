import { describe, expect, it } from 'vitest';
import { decideSite, registrationPatterns, siteOf, withRule } from './site-rules';
import { DEFAULT_PRIVACY, PrivacySettings } from './settings';

describe('decideSite: built-in blocks', () => {
  it.each([
    ['https://www.chase.com/personal', 'banking'],
    ['https://online.mybank.co.uk/', 'banking'],
    ['https://www.paypal.com/myaccount/summary', 'banking'],
    ['https://mychart.example-hospital.org/', 'health'],
    ['https://www.healthline.com/nutrition', 'health'],
    ['https://mail.google.com/mail/u/0/#inbox', 'mail'],
    ['https://outlook.live.com/mail/0/', 'mail'],
    ['https://webmail.example.net/', 'mail'],
    ['https://account.proton.me/', 'mail'],
    ['https://vault.bitwarden.com/', 'password'],
    ['https://my.1password.com/', 'password'],
    ['https://accounts.google.com/v3/signin/identifier', 'sign-in'],
    ['https://example.com/login?next=/', 'sign-in'],
    ['https://example.com/users/sign_in', 'sign-in'],
    ['https://shop.example.com/checkout/step-2', 'checkout'],
    ['https://shop.example.com/cart', 'checkout'],
  ])('%s is blocked (%s)', (url, what) => {
    const decision = decideSite(url, [{ host: new URL(url).hostname, kind: 'allow' }]);
    expect(decision.verdict).toBe('block');
    expect(decision.reason.toLowerCase()).toContain(what.split('-')[0]);
  });

  it('blocks what is not a web page', () => {
    expect(decideSite('file:///etc/passwd', []).verdict).toBe('block');
    expect(decideSite('not a url', []).verdict).toBe('block');
    expect(decideSite('chrome://settings', []).verdict).toBe('block');
  });

  it('leaves ordinary pages neutral, including ones that merely mention a blocked word in the path', () => {
    for (const url of [
      'https://en.wikipedia.org/wiki/Sea_otter',
      'https://example.com/blog/ordering-coffee',
      'https://example.com/articles/how-to-pay-less-tax',
      'https://news.example.org/health-of-the-oceans',
    ]) {
      expect(decideSite(url, []).verdict, url).toBe('neutral');
    }
  });
});

describe('decideSite: the user’s rules', () => {
  it('allows a site and its subdomains', () => {
    const rules = [{ host: 'wikipedia.org', kind: 'allow' as const }];
    expect(decideSite('https://en.wikipedia.org/wiki/Otter', rules).verdict).toBe('allow');
    expect(decideSite('https://wikipedia.org/', rules).verdict).toBe('allow');
    expect(decideSite('https://notwikipedia.org/', rules).verdict).toBe('neutral');
  });

  it('a block beats an allow on the same or a parent host', () => {
    const rules = [
      { host: 'en.example.org', kind: 'allow' as const },
      { host: 'example.org', kind: 'block' as const },
    ];
    expect(decideSite('https://en.example.org/a', rules).verdict).toBe('block');
  });

  it('withRule replaces the rule of the same host ("Not here" on an allowed site)', () => {
    const rules = withRule([{ host: 'example.org', kind: 'allow' }], 'Example.org', 'block');
    expect(rules).toEqual([{ host: 'example.org', kind: 'block' }]);
    expect(siteOf('https://Example.org/x')).toBe('example.org');
    expect(siteOf('about:blank')).toBeNull();
  });
});

describe('registrationPatterns', () => {
  it('registers allowed sites only, never built-in blocked hosts, and excludes sign-in and checkout paths', () => {
    const { matches, excludeMatches } = registrationPatterns([
      { host: 'wikipedia.org', kind: 'allow' },
      { host: 'mail.example.com', kind: 'allow' },
      { host: 'news.example.org', kind: 'allow' },
      { host: 'example.org', kind: 'block' },
    ]);
    expect(matches).toEqual(['*://wikipedia.org/*', '*://*.wikipedia.org/*']);
    expect(excludeMatches).toContain('*://*/login*');
    expect(excludeMatches).toContain('*://*/*/checkout*');
    expect(excludeMatches).toContain('*://*.example.org/*');
  });

  it('registers nothing without an allowed site', () => {
    expect(registrationPatterns([])).toEqual({ matches: [], excludeMatches: [] });
  });
});

describe('PrivacySettings', () => {
  it('accepts the defaults and refuses a rule that is not a host', () => {
    expect(PrivacySettings.parse(DEFAULT_PRIVACY)).toEqual(DEFAULT_PRIVACY);
    expect(
      PrivacySettings.safeParse({ ...DEFAULT_PRIVACY, rules: [{ host: 'https://x.com/a', kind: 'allow' }] })
        .success,
    ).toBe(false);
    expect(PrivacySettings.safeParse({ ...DEFAULT_PRIVACY, keepDays: 0 }).success).toBe(false);
  });
});
