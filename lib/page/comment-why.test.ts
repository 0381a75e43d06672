import { describe, expect, it } from 'vitest';
import { whyText } from './comment-why';
import type { PageStats } from './tracking/tracking-state';

const page = (over: Partial<PageStats>): PageStats => ({
  key: 'k',
  site: 's',
  url: 'u',
  title: 't',
  topic: [],
  firstSeenAt: 0,
  lastSeenAt: 0,
  visits: 1,
  dwellMs: 0,
  visitDwellMs: 0,
  visitStartedAt: 0,
  ...over,
});

describe('why this comment', () => {
  it('says the time spent, in words', () => {
    const quiet = { interest: 0, novelty: 0, relevance: 0 };
    expect(whyText(page({ dwellMs: 20_000 }), quiet)).toBe(
      'Because you have spent under a minute on this page.',
    );
    expect(whyText(page({ dwellMs: 12 * 60_000 }), quiet)).toBe(
      'Because you have spent 12 minutes on this page.',
    );
  });
  it('names ordinal visits and cuts a long memory', () => {
    const all = { interest: 1, novelty: 1, relevance: 1 };
    const text = whyText(page({ dwellMs: 60_000, visits: 12 }), all, 'x'.repeat(100));
    expect(text).toContain('this is your 12th visit');
    expect(text).toContain(`(“${'x'.repeat(79)}…”)`);
    expect(whyText(page({ dwellMs: 60_000, visits: 22 }), all)).toContain('your 22nd visit');
  });
});
