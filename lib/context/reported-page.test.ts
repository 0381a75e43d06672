import { describe, expect, it } from 'vitest';
import { checkReportedPage } from './reported-page';

describe('checking a reported page against its sender', () => {
  it('keeps a report of the sender’s own page, whatever its fragment', () => {
    expect(checkReportedPage('https://a.test/p?q=1', 'https://a.test/p?q=1')).toBeNull();
    expect(checkReportedPage('http://127.0.0.1:8080/x#part', 'http://127.0.0.1:8080/x')).toBeNull();
  });

  it.each([
    ['a javascript: address', 'javascript:alert(1)', 'https://a.test/', /Only web pages/],
    ['a data: address', 'data:text/html,hi', 'https://a.test/', /Only web pages/],
    ['a file', 'file:///etc/passwd', 'https://a.test/', /Only web pages/],
    ['not an address', 'nonsense', 'https://a.test/', /Only web pages/],
    [
      'another origin',
      'https://bank.test/',
      'https://a.test/',
      /page of https:\/\/bank\.test.*sent from https:\/\/a\.test/,
    ],
    ['another port', 'https://a.test:8443/', 'https://a.test/', /page of https:\/\/a\.test:8443/],
    ['another scheme', 'http://a.test/', 'https://a.test/', /page of http:\/\/a\.test/],
    ['another page of the origin', 'https://a.test/other', 'https://a.test/p', /another page/],
    ['another query', 'https://a.test/p?id=2', 'https://a.test/p?id=1', /another page/],
    ['a sender with no address', 'https://a.test/', undefined, /did not say/],
    ['a sender that is no web page', 'https://a.test/', 'chrome-extension://abc/x.html', /did not say/],
  ])('refuses %s with words that say why', (_name, reported, sender, message) => {
    expect(checkReportedPage(reported, sender)).toMatch(message);
  });

  it('for a single-page app, accepts another path of the same origin, never another origin', () => {
    expect(checkReportedPage('https://a.test/app/two', 'https://a.test/app', 'origin')).toBeNull();
    expect(checkReportedPage('https://a.test/app/two', 'https://a.test/app')).not.toBeNull();
    expect(checkReportedPage('https://b.test/app', 'https://a.test/app', 'origin')).not.toBeNull();
  });
});
