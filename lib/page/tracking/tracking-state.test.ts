import { describe, expect, it } from 'vitest';
import {
  MAX_DWELL_STEP_MS,
  REVISIT_GAP_MS,
  accrueDwell,
  emptyTracking,
  focusTab,
  focusedPage,
  pageSeen,
  parseTracking,
  prunePages,
  tabClosed,
} from './tracking-state';
import { pageKeyOf } from './page-key';
import { topicOf, topicOverlap } from './topic';

const T0 = Date.UTC(2026, 11, 2, 10);
const S = 1000;
const otters = {
  tabId: 1,
  url: 'https://news.test/otters?utm=x#top',
  title: 'Sea otters hold hands while sleeping',
};

describe('page keys', () => {
  it('one key per address without query and fragment or trailing slash; the site is the host', () => {
    expect(pageKeyOf('https://News.test/otters/?a=1#b')).toEqual({
      key: 'https://news.test/otters',
      site: 'news.test',
    });
    expect(pageKeyOf('http://127.0.0.1:8080/')).toEqual({ key: 'http://127.0.0.1:8080/', site: '127.0.0.1' });
    expect(pageKeyOf('javascript:alert(1)')).toBeNull();
    expect(pageKeyOf('file:///etc/passwd')).toBeNull();
    expect(pageKeyOf('not a url')).toBeNull();
  });
});

describe('topics', () => {
  it('keeps the content words of the title first, then of the headings, without noise', () => {
    expect(
      topicOf('The Best Sea Otters Guide', ['Otters at sleep', 'Why otters hold hands', '2024']),
    ).toEqual(['otters', 'sea', 'sleep', 'hold', 'hands']);
    expect(topicOf('')).toEqual([]);
  });
  it('measures how much two topics share', () => {
    expect(topicOverlap(['a', 'b'], ['a', 'b'])).toBe(1);
    expect(topicOverlap(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3);
    expect(topicOverlap([], ['a'])).toBe(0);
  });
});

describe('tracking', () => {
  it('counts dwell only for the focused tab, in steps of at most MAX_DWELL_STEP_MS', () => {
    let s = pageSeen(emptyTracking(T0), otters, T0);
    s = focusTab(s, 1, T0);
    s = accrueDwell(s, T0 + 30 * S);
    expect(focusedPage(s)).toMatchObject({ tabId: 1, dwellMs: 30 * S, visitDwellMs: 30 * S, visits: 1 });
    // The machine slept for an hour: one step counts at most 90 s.
    s = accrueDwell(s, T0 + 30 * S + 3_600_000);
    expect(focusedPage(s)!.dwellMs).toBe(30 * S + MAX_DWELL_STEP_MS);
    // Focus leaves the browser: nothing more is counted.
    s = focusTab(s, null, T0 + 3_700_000);
    const before = s.pages['https://news.test/otters']!.dwellMs;
    s = accrueDwell(s, T0 + 3_800_000);
    expect(s.pages['https://news.test/otters']!.dwellMs).toBe(before);
    expect(focusedPage(s)).toBeNull();
  });

  it('a page seen again soon, or re-reported by its tab, is the same visit; after a gap it is a revisit', () => {
    let s = focusTab(pageSeen(emptyTracking(T0), otters, T0), 1, T0);
    s = accrueDwell(s, T0 + 60 * S);
    s = pageSeen(s, otters, T0 + 61 * S); // a selection in the same tab
    expect(s.pages['https://news.test/otters']).toMatchObject({ visits: 1, visitDwellMs: 61 * S });
    s = pageSeen(s, { ...otters, url: 'https://news.test/other', title: 'Other' }, T0 + 62 * S);
    s = pageSeen(s, otters, T0 + 62 * S + REVISIT_GAP_MS + 1);
    const page = s.pages['https://news.test/otters']!;
    expect(page.visits).toBe(2);
    expect(page.visitDwellMs).toBe(0);
    expect(page.dwellMs).toBeGreaterThanOrEqual(60 * S);
    expect(s.lastActivityAt).toBe(T0 + 62 * S + REVISIT_GAP_MS + 1);
  });

  it('keeps the topic from headings when a later report has none', () => {
    let s = pageSeen(emptyTracking(T0), { ...otters, headings: ['Kelp forests', 'Kelp and otters'] }, T0);
    expect(s.pages['https://news.test/otters']!.topic).toContain('kelp');
    s = pageSeen(s, otters, T0 + S);
    expect(s.pages['https://news.test/otters']!.topic).toContain('kelp');
  });

  it('ignores a report of anything but a web page', () => {
    const s = emptyTracking(T0);
    expect(pageSeen(s, { tabId: 1, url: 'data:text/html,hi', title: 'x' }, T0)).toBe(s);
  });

  it('a closed tab no longer shows a page and loses the focus', () => {
    let s = focusTab(pageSeen(emptyTracking(T0), otters, T0), 1, T0);
    s = tabClosed(s, 1, T0 + 10 * S);
    expect(s.tabs).toEqual({});
    expect(s.focus.tabId).toBeNull();
    expect(s.pages['https://news.test/otters']!.dwellMs).toBe(10 * S);
  });

  it('forgets old pages and keeps the most recent ones, never a page a tab shows', () => {
    let s = emptyTracking(T0);
    for (let i = 0; i < 5; i++)
      s = pageSeen(s, { tabId: i, url: `https://a.test/${i}`, title: `p${i}` }, T0 + i);
    s = tabClosed(tabClosed(tabClosed(s, 1, T0 + 10), 2, T0 + 10), 3, T0 + 10);
    const pruned = prunePages(s, T0 + 10, { maxPages: 3 });
    expect(Object.keys(pruned.pages).sort()).toEqual([
      'https://a.test/0',
      'https://a.test/3',
      'https://a.test/4',
    ]);
    const aged = prunePages(s, T0 + 40 * 24 * 3_600_000);
    expect(Object.keys(aged.pages).sort()).toEqual(['https://a.test/0', 'https://a.test/4']);
    expect(prunePages(s, T0 + 10)).toBe(s);
  });

  it('reads stored state back; damaged state starts empty, keeping each page that is still whole', () => {
    const s = pageSeen(emptyTracking(T0), otters, T0);
    expect(parseTracking(structuredClone(s), T0)).toEqual(s);
    expect(parseTracking(undefined, T0)).toEqual(emptyTracking(T0));
    const damaged = {
      pages: { ...s.pages, 'https://x.test/': { key: 'https://x.test/', dwellMs: 'lots' } },
      focus: 'weird',
    };
    const read = parseTracking(damaged, T0);
    expect(Object.keys(read.pages)).toEqual(['https://news.test/otters']);
    expect(read.focus).toEqual({ tabId: null, accruedAt: T0 });
  });
});
