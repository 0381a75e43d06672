import { describe, expect, it } from 'vitest';
import {
  BACKED_OFF_MS,
  IDLE_MS,
  MAX_BACKOFF,
  SAME_PAGE_MS,
  decideComment,
  inQuietHours,
  interestOf,
  noveltyOf,
  type PolicyInput,
} from './comment-policy';
import { DEFAULT_COMMENT_SETTINGS, type CommentSettings } from './comment-settings';
import { IGNORED_AFTER_MS, type CommentEntry } from './comment-history';
import type { PageStats } from './tracking/tracking-state';

const NOW = Date.UTC(2026, 11, 2, 14);
const MIN = 60_000;
const HOUR = 60 * MIN;

const page = (over: Partial<PageStats> = {}): PageStats => ({
  key: 'https://news.test/otters',
  site: 'news.test',
  url: 'https://news.test/otters?ref=x',
  title: 'Sea otters hold hands',
  topic: ['otters', 'sea', 'hands', 'sleep'],
  firstSeenAt: NOW - 10 * MIN,
  lastSeenAt: NOW,
  visits: 1,
  dwellMs: 4 * MIN,
  visitDwellMs: 4 * MIN,
  visitStartedAt: NOW - 10 * MIN,
  ...over,
});

const settings = (over: Partial<CommentSettings> = {}): CommentSettings => ({
  ...DEFAULT_COMMENT_SETTINGS,
  enabled: true,
  quietHours: { enabled: true, start: 22 * 60, end: 8 * 60 },
  ...over,
});

let ids = 0;
const comment = (over: Partial<CommentEntry> = {}): CommentEntry => ({
  id: `c${++ids}`,
  at: NOW - 3 * HOUR,
  kind: 'comment',
  tabId: 1,
  key: 'https://other.test/a',
  site: 'other.test',
  url: 'https://other.test/a',
  title: 'Other',
  topic: ['compilers', 'rust'],
  why: 'Because.',
  shownAt: NOW - 3 * HOUR,
  reaction: 'thumbs-up',
  ...over,
});

/** An input where every gate passes and the page is interesting: each test changes one thing. */
const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  now: NOW,
  localMinutes: 14 * 60,
  settings: settings(),
  page: page(),
  allowed: { allowed: true },
  panelOpen: true,
  panelBusy: false,
  lastActivityAt: NOW - 2 * MIN,
  relevance: { score: 0.5, memory: 'I love marine biology' },
  comments: [],
  ...over,
});

describe('the comment policy', () => {
  it('speaks when the user stayed, is idle and the page is interesting, and says why', () => {
    const decision = decideComment(input());
    expect(decision.speak).toBe(true);
    expect(decision.reason).toBe('interesting');
    expect(decision.why).toBe(
      'Because you have spent 4 minutes on this page, it is new to what we talked about lately and it touches on something you told me (“I love marine biology”).',
    );
    expect(decision.factors).toEqual({ interest: 0.6 * 0.8, novelty: 1, relevance: 0.5 });
  });

  it('is silent by default: the shipped settings have comments off', () => {
    expect(DEFAULT_COMMENT_SETTINGS.enabled).toBe(false);
    expect(decideComment(input({ settings: DEFAULT_COMMENT_SETTINGS }))).toMatchObject({
      speak: false,
      reason: 'off',
    });
  });

  it('is silent without a page, and on a page the privacy rules refuse (with their reason)', () => {
    expect(decideComment(input({ page: null })).reason).toBe('no-page');
    expect(decideComment(input({ allowed: { allowed: false, reason: 'Hearth is paused.' } }))).toEqual({
      speak: false,
      reason: 'not-allowed',
      why: 'Hearth is paused.',
    });
  });

  describe('quiet hours', () => {
    it('cover a span across midnight, start included, end excluded', () => {
      const quiet = { enabled: true, start: 22 * 60, end: 8 * 60 };
      expect(inQuietHours(22 * 60, quiet)).toBe(true);
      expect(inQuietHours(23 * 60 + 59, quiet)).toBe(true);
      expect(inQuietHours(0, quiet)).toBe(true);
      expect(inQuietHours(7 * 60 + 59, quiet)).toBe(true);
      expect(inQuietHours(8 * 60, quiet)).toBe(false);
      expect(inQuietHours(21 * 60 + 59, quiet)).toBe(false);
    });
    it('cover a span within a day, and nothing when off or empty', () => {
      expect(inQuietHours(13 * 60, { enabled: true, start: 12 * 60, end: 14 * 60 })).toBe(true);
      expect(inQuietHours(14 * 60, { enabled: true, start: 12 * 60, end: 14 * 60 })).toBe(false);
      expect(inQuietHours(13 * 60, { enabled: false, start: 12 * 60, end: 14 * 60 })).toBe(false);
      expect(inQuietHours(13 * 60, { enabled: true, start: 600, end: 600 })).toBe(false);
    });
    it('silence an otherwise good moment', () => {
      expect(decideComment(input({ localMinutes: 23 * 60 })).reason).toBe('quiet-hours');
      expect(decideComment(input({ localMinutes: 7 * 60 })).reason).toBe('quiet-hours');
      const off = settings({ quietHours: { enabled: false, start: 22 * 60, end: 8 * 60 } });
      expect(decideComment(input({ localMinutes: 23 * 60, settings: off })).speak).toBe(true);
    });
  });

  it('waits until the user has stayed on the page for the minimum dwell of this visit', () => {
    const early = page({ visitDwellMs: 59_000, dwellMs: 30 * MIN, visits: 3 });
    expect(decideComment(input({ page: early }))).toMatchObject({ speak: false, reason: 'too-soon' });
    const stayed = page({ visitDwellMs: 60_000, dwellMs: 30 * MIN, visits: 3 });
    expect(decideComment(input({ page: stayed })).speak).toBe(true);
  });

  it('waits until the user is idle: not typing or waiting for a reply in the panel, not acting on the page', () => {
    expect(decideComment(input({ panelBusy: true })).reason).toBe('user-busy');
    expect(decideComment(input({ lastActivityAt: NOW - IDLE_MS + 1 })).reason).toBe('user-busy');
    expect(decideComment(input({ lastActivityAt: NOW - IDLE_MS })).speak).toBe(true);
  });

  it('never comments on the same page twice within a day', () => {
    const before = comment({ key: page().key, site: 'news.test', at: NOW - SAME_PAGE_MS + 1 });
    expect(decideComment(input({ comments: [before] })).reason).toBe('already-commented');
    const old = comment({ key: page().key, site: 'news.test', at: NOW - SAME_PAGE_MS, topic: [] });
    expect(decideComment(input({ comments: [old] })).speak).toBe(true);
  });

  describe('cooldown and caps', () => {
    it('keeps the cooldown between two comments', () => {
      const recent = comment({ at: NOW - 9 * MIN, shownAt: NOW - 9 * MIN });
      const decision = decideComment(input({ comments: [recent] }));
      expect(decision).toMatchObject({ speak: false, reason: 'cooldown' });
      expect(decision.why).toBe('Hearth commented 9 min ago and waits 10 min between comments.');
      expect(decideComment(input({ comments: [comment({ at: NOW - 10 * MIN })] })).speak).toBe(true);
    });

    it('makes at most N comments in any hour over all sites', () => {
      const two = [comment({ at: NOW - 50 * MIN }), comment({ at: NOW - 20 * MIN, site: 'third.test' })];
      expect(decideComment(input({ comments: two })).reason).toBe('hourly-cap');
      expect(decideComment(input({ comments: two, settings: settings({ maxPerHour: 3 }) })).speak).toBe(true);
      const anHourAgo = [
        comment({ at: NOW - 60 * MIN }),
        comment({ at: NOW - 20 * MIN, site: 'third.test' }),
      ];
      expect(decideComment(input({ comments: anHourAgo })).speak).toBe(true);
    });

    it('makes at most N comments per site in any hour', () => {
      const onSite = [comment({ at: NOW - 30 * MIN, site: 'news.test', key: 'https://news.test/b' })];
      expect(decideComment(input({ comments: onSite, settings: settings({ maxPerHour: 5 }) }))).toMatchObject(
        {
          reason: 'site-cap',
          why: 'Already 1 comments on news.test this hour (at most 1).',
        },
      );
      expect(
        decideComment(
          input({ comments: onSite, settings: settings({ maxPerHour: 5, maxPerSitePerHour: 2 }) }),
        ).speak,
      ).toBe(true);
    });
  });

  describe('backing off', () => {
    const negatives = (n: number, reaction: CommentEntry['reaction'] = 'dismissed') =>
      Array.from({ length: n }, (_, i) =>
        comment({ at: NOW - (10 + i) * HOUR, reaction, reactedAt: NOW - (10 + i) * HOUR, topic: [`t${i}`] }),
      );

    it('doubles the cooldown for each dismissed comment in a row', () => {
      const one = [comment({ at: NOW - 15 * MIN, reaction: 'dismissed', reactedAt: NOW - 14 * MIN })];
      expect(decideComment(input({ comments: one }))).toMatchObject({ reason: 'cooldown' });
      expect(decideComment(input({ comments: one })).why).toContain('waits 20 min');
      const later = [comment({ at: NOW - 20 * MIN, reaction: 'dismissed' })];
      expect(decideComment(input({ comments: later })).speak).toBe(true);
    });

    it('counts a comment left without reaction for IGNORED_AFTER_MS as ignored, not before', () => {
      const quarter = settings({ cooldownMinutes: 15 });
      const fresh = comment({ at: NOW - 19 * MIN, shownAt: NOW - 19 * MIN, reaction: undefined });
      expect(decideComment(input({ settings: quarter, comments: [fresh] })).speak).toBe(true);
      const ignored = comment({ at: NOW - 21 * MIN, shownAt: NOW - IGNORED_AFTER_MS, reaction: undefined });
      const decision = decideComment(input({ settings: quarter, comments: [ignored] }));
      expect(decision).toMatchObject({ speak: false, reason: 'cooldown' });
      expect(decision.why).toContain('waits 30 min');
    });

    it('raises the bar with each negative outcome: a page good enough before is not after two', () => {
      const borderline = input({ relevance: null, page: page({ dwellMs: 3 * MIN, visitDwellMs: 3 * MIN }) });
      expect(decideComment(borderline).speak).toBe(true);
      const after = decideComment({ ...borderline, comments: negatives(2, 'thumbs-down') });
      expect(after).toMatchObject({ speak: false, reason: 'not-interesting' });
    });

    it(`holds back entirely after ${MAX_BACKOFF} in a row, until a day after the last`, () => {
      const strong = input({ page: page({ dwellMs: 30 * MIN, visits: 5 }), relevance: { score: 1 } });
      const four = negatives(MAX_BACKOFF);
      expect(decideComment({ ...strong, comments: four }).reason).toBe('backed-off');
      const later = { ...strong, now: NOW + BACKED_OFF_MS, lastActivityAt: NOW, comments: four };
      expect(decideComment(later).reason).not.toBe('backed-off');
    });

    it('a positive reaction ends the streak', () => {
      const strong = input({ page: page({ dwellMs: 30 * MIN, visits: 5 }), relevance: { score: 1 } });
      const mixed = [comment({ at: NOW - 2 * HOUR, reaction: 'replied' }), ...negatives(MAX_BACKOFF)];
      expect(decideComment({ ...strong, comments: mixed }).speak).toBe(true);
    });
  });

  describe('weighing', () => {
    it('interest grows with time on the page and with returns, and saturates', () => {
      expect(interestOf(page({ dwellMs: 0, visits: 1 }))).toBe(0);
      expect(interestOf(page({ dwellMs: 5 * MIN, visits: 1 }))).toBeCloseTo(0.6);
      expect(interestOf(page({ dwellMs: 50 * MIN, visits: 1 }))).toBeCloseTo(0.6);
      expect(interestOf(page({ dwellMs: 5 * MIN, visits: 4 }))).toBeCloseTo(1);
      expect(interestOf(page({ dwellMs: 0, visits: 2 }))).toBeCloseTo(0.4 / 3);
    });

    it('novelty falls as the topic repeats what Hearth commented on lately', () => {
      expect(noveltyOf(page(), [])).toBe(1);
      expect(noveltyOf(page(), [comment({ topic: ['otters', 'sea', 'hands', 'sleep'] })])).toBe(0);
      expect(noveltyOf(page(), [comment({ topic: ['otters', 'sea'] })])).toBeCloseTo(0.5);
    });

    it('a short first visit to an unrelated page is not interesting; relevance to the user tips it', () => {
      const short = input({ page: page({ dwellMs: 1.5 * MIN, visitDwellMs: 1.5 * MIN }), relevance: null });
      expect(decideComment(short)).toMatchObject({ speak: false, reason: 'not-interesting' });
      expect(decideComment({ ...short, relevance: { score: 0.9 } }).speak).toBe(true);
    });

    it('a topic Hearth just talked about is not novel enough', () => {
      const repeat = comment({ at: NOW - 5 * HOUR, topic: ['otters', 'sea', 'hands', 'sleep'] });
      const plain = input({ relevance: null, page: page({ dwellMs: 3 * MIN, visitDwellMs: 3 * MIN }) });
      expect(decideComment(plain).speak).toBe(true);
      expect(decideComment({ ...plain, comments: [repeat] }).reason).toBe('not-interesting');
    });

    it('chattiness moves the bar: chatty speaks sooner, quiet later', () => {
      const short = input({ page: page({ dwellMs: 1.5 * MIN, visitDwellMs: 1.5 * MIN }), relevance: null });
      expect(decideComment(short).speak).toBe(false);
      expect(decideComment({ ...short, settings: settings({ chattiness: 'chatty' }) }).speak).toBe(true);
      expect(decideComment(input()).speak).toBe(true);
      expect(
        decideComment(input({ relevance: null, settings: settings({ chattiness: 'quiet' }) })).reason,
      ).toBe('not-interesting');
    });

    it('relevance is clamped to 0–1', () => {
      expect(decideComment(input({ relevance: { score: 7 } })).factors?.relevance).toBe(1);
      expect(decideComment(input({ relevance: { score: -1 } })).factors?.relevance).toBe(0);
    });

    it('the why names revisits, and leaves out what did not count', () => {
      const decision = decideComment(
        input({ page: page({ visits: 3, dwellMs: 61_000 }), relevance: { score: 0.1 } }),
      );
      expect(decision.why).toBe(
        'Because you have spent 1 minute on this page, this is your 3rd visit and it is new to what we talked about lately.',
      );
    });
  });

  it('with the panel closed it would have spoken: panel-closed, with the why to mention later', () => {
    const decision = decideComment(input({ panelOpen: false }));
    expect(decision.speak).toBe(false);
    expect(decision.reason).toBe('panel-closed');
    expect(decision.why).toMatch(/^Because you have spent 4 minutes/);
    // Every gate still applies before it: closed in quiet hours is quiet hours, not "noticed".
    expect(decideComment(input({ panelOpen: false, localMinutes: 23 * 60 })).reason).toBe('quiet-hours');
  });

  it('is deterministic', () => {
    expect(decideComment(input())).toEqual(decideComment(input()));
  });
});
