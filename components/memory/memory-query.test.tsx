import { describe, expect, it } from 'vitest';
import type { MemoryRecord } from '../../lib/memory/records';
import {
  EMPTY_FILTERS,
  applyRecordChanges,
  filterMemories,
  isWebUrl,
  memoriesFromSite,
  memoriesInPeriod,
  quotedSentence,
  siteCounts,
  siteOf,
  sortNewestFirst,
  withinDates,
} from './memory-query';
import { dateRange, dayStart, monthBuckets, isShowableDate, toDateInput } from './memory-dates';

import { at, manyMemories, mem, page } from './test-memories';

describe('site and source', () => {
  it('takes the site from the record, else from the page URL', () => {
    expect(siteOf(page('a', 'https://news.example.com/x', { site: 'news.example.com' }))).toBe(
      'news.example.com',
    );
    expect(siteOf(page('b', 'https://blog.example.org/post?id=1'))).toBe('blog.example.org');
    expect(siteOf(mem('c'))).toBeUndefined();
  });

  it('links only web URLs', () => {
    expect(isWebUrl('https://example.com')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('not a url')).toBe(false);
  });

  it('counts sites, most memories first', () => {
    const records = [
      page('a', 'https://b.com/1'),
      page('b', 'https://a.com/1'),
      page('c', 'https://b.com/2'),
      mem('d'),
    ];
    expect(siteCounts(records)).toEqual([
      { site: 'b.com', count: 2 },
      { site: 'a.com', count: 1 },
    ]);
    expect(memoriesFromSite(records, 'b.com').map((r) => r.id)).toEqual(['a', 'c']);
  });
});

describe('dates', () => {
  it('turns inclusive days into a local [from, to) range', () => {
    const { from, to } = dateRange('2026-05-01', '2026-05-31');
    expect(from).toBe(new Date(2026, 4, 1).getTime());
    expect(to).toBe(new Date(2026, 5, 1).getTime());
    expect(dateRange('', '')).toEqual({ from: undefined, to: undefined });
    expect(dayStart('2026-13-45x')).toBeUndefined();
    expect(toDateInput(at(2026, 5, 3))).toBe('2026-05-03');
  });

  it('keeps memories within the range', () => {
    const records = [mem('a', { createdAt: at(2026, 4, 30) }), mem('b', { createdAt: at(2026, 5, 31) })];
    const { from, to } = dateRange('2026-05-01', '2026-05-31');
    expect(withinDates(records, from, to).map((r) => r.id)).toEqual(['b']);
    expect(memoriesInPeriod(records, from ?? 0, to ?? 0).map((r) => r.id)).toEqual(['b']);
  });
});

describe('filterMemories', () => {
  const now = at(2026, 6, 1);
  const records = sortNewestFirst([
    mem('old', { createdAt: at(2026, 1, 5), supersededBy: 'new', validUntil: at(2026, 3, 1) }),
    mem('new', { createdAt: at(2026, 3, 1) }),
    page('pg', 'https://example.com/a', { createdAt: at(2026, 4, 2) }),
    mem('ep', { kind: 'episode', createdAt: at(2026, 5, 2) }),
  ]);

  it('lists current memories newest first by default', () => {
    expect(filterMemories(records, EMPTY_FILTERS, { now }).map((r) => r.id)).toEqual(['ep', 'pg', 'new']);
  });

  it('shows replaced facts when asked', () => {
    const ids = filterMemories(records, { ...EMPTY_FILTERS, showReplaced: true }, { now }).map((r) => r.id);
    expect(ids).toEqual(['ep', 'pg', 'new', 'old']);
  });

  it('filters by kind, source, site and date', () => {
    const ids = (f: Partial<typeof EMPTY_FILTERS>) =>
      filterMemories(records, { ...EMPTY_FILTERS, ...f }, { now }).map((r) => r.id);
    expect(ids({ kind: 'episode' })).toEqual(['ep']);
    expect(ids({ source: 'page' })).toEqual(['pg']);
    expect(ids({ source: 'chat' })).toEqual(['ep', 'new']);
    expect(ids({ site: 'example.com' })).toEqual(['pg']);
    expect(ids({ from: '2026-03-01', to: '2026-04-30' })).toEqual(['pg', 'new']);
  });

  it('follows a search ranking and still applies the filters', () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    const ranking = ['pg', 'gone', 'old', 'new'];
    expect(filterMemories(records, EMPTY_FILTERS, { now, ranking, byId }).map((r) => r.id)).toEqual([
      'pg',
      'new',
    ]);
    expect(
      filterMemories(
        records,
        { ...EMPTY_FILTERS, source: 'chat', showReplaced: true },
        { now, ranking, byId },
      ).map((r) => r.id),
    ).toEqual(['old', 'new']);
  });

  it('ignores the dates for the timeline when asked', () => {
    const f = { ...EMPTY_FILTERS, from: '2026-05-01', to: '2026-05-31' };
    expect(filterMemories(records, f, { now, ignoreDates: true })).toHaveLength(3);
  });

  it('filters 100,000 memories to exactly the matching site', () => {
    const many = manyMemories(100_000).map((r, i) => (i % 10 === 0 ? { ...r, site: `site${i % 7}.com` } : r));
    const out = filterMemories(many, { ...EMPTY_FILTERS, site: 'site3.com' }, { now });
    expect(out.length).toBe(many.filter((r) => r.site === 'site3.com').length);
    expect(out.every((r) => r.site === 'site3.com')).toBe(true);
  });
});

describe('monthBuckets', () => {
  it('counts per month, filling empty months', () => {
    const buckets = monthBuckets([
      { createdAt: at(2026, 1, 31) },
      { createdAt: at(2026, 1, 2) },
      { createdAt: at(2026, 3, 15) },
    ]);
    expect(buckets.map((b) => [b.year, b.month, b.count])).toEqual([
      [2026, 0, 2],
      [2026, 1, 0],
      [2026, 2, 1],
    ]);
    expect(buckets[0]?.start).toBe(new Date(2026, 0, 1).getTime());
    expect(buckets[0]?.end).toBe(new Date(2026, 1, 1).getTime());
  });

  it('crosses years and handles no memories', () => {
    expect(monthBuckets([])).toEqual([]);
    const b = monthBuckets([{ createdAt: at(2025, 12, 1) }, { createdAt: at(2026, 1, 1) }]);
    expect(b.map((x) => `${x.year}-${x.month}:${x.count}`)).toEqual(['2025-11:1', '2026-0:1']);
  });
});

describe('bad stored dates and messages', () => {
  it('leaves impossible creation times out of the timeline', () => {
    const buckets = monthBuckets([
      { createdAt: 1e300 },
      { createdAt: at(2026, 3, 2) },
      { createdAt: -1e15 },
      { createdAt: Number.NaN },
    ]);
    expect(buckets.map((b) => [b.year, b.month, b.count])).toEqual([[2026, 2, 1]]);
    expect(isShowableDate(at(2026, 3, 2))).toBe(true);
    expect([1e300, -1e15, Number.NaN, Infinity].map(isShowableDate)).toEqual([false, false, false, false]);
  });

  it('ends a sentence about a memory with one full stop', () => {
    expect(quotedSentence('Forgot', 'I love tea.')).toBe('Forgot “I love tea.”');
    expect(quotedSentence('Forgot', 'Sam likes tea')).toBe('Forgot “Sam likes tea”.');
    expect(quotedSentence('Pinned', 'Is it raining?')).toBe('Pinned “Is it raining?”');
  });
});

describe('applyRecordChanges', () => {
  const records = sortNewestFirst([
    mem('a', { createdAt: 30 }),
    mem('b', { createdAt: 20 }),
    mem('c', { createdAt: 10 }),
  ]);

  it('removes, replaces in place and inserts in order', () => {
    const edited = mem('b', { createdAt: 20, text: 'edited' });
    const next = applyRecordChanges(
      records,
      new Map<string, MemoryRecord | undefined>([
        ['a', undefined],
        ['b', edited],
        ['d', mem('d', { createdAt: 15 })],
        ['e', mem('e', { createdAt: 40 })],
        ['zzz', undefined],
      ]),
    );
    expect(next.map((r) => r.id)).toEqual(['e', 'b', 'd', 'c']);
    expect(next[1]?.text).toBe('edited');
    expect(records.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
