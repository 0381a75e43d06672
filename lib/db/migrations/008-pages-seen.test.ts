import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openHearthDb } from '../open';
import { DB_VERSION } from './index';
import { createSeenLog, shortSummary } from '../../privacy/seen-log';
import { STORED_MEMORY } from './test-records';

const freshName = () => `migration-008-test-${crypto.randomUUID()}`;
const DAY = 24 * 60 * 60 * 1000;
const entry = {
  url: 'https://en.wikipedia.org/wiki/Sea_otter',
  site: 'en.wikipedia.org',
  title: 'Sea otter',
  text: 'Sea otters hold hands while they sleep. They float on kelp. '.repeat(200),
  tokens: 4000,
  injectionSuspected: false,
};

describe('migration 008: pages seen', () => {
  it('upgrades a version 5 database with its data intact and working seen log and summaries', async () => {
    const name = freshName();
    const v5 = await openHearthDb({ name, version: 5 });
    expect(v5.objectStoreNames.contains('seenLog' as never)).toBe(false);
    await v5.put('memories', { ...STORED_MEMORY });
    v5.close();

    const db = await openHearthDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(8);
    // Migration 006 adds the memory's owner (shared: null); the rest is as stored.
    expect(await db.get('memories', 'mem1')).toEqual({ ...STORED_MEMORY, personaId: null });
    const t = 1_000_000;
    const log = createSeenLog(db, () => t);
    const record = await log.record(entry, { keepDays: 2, keepSummary: true });
    expect(record.text.length).toBeLessThanOrEqual(4000);
    expect(record.chars).toBe(entry.text.length);
    expect(record.tokens).toBe(4000);
    expect(await log.list()).toEqual([record]);
    const [summary] = await log.summaries();
    expect(summary!.url).toBe(entry.url);
    expect(summary!.summary).toBe(shortSummary(entry.text));
    expect(summary!.summary.length).toBeLessThanOrEqual(280);
    db.close();
  });

  it('keeps no summary unless the policy says so, and expires both after the user’s period', async () => {
    const db = await openHearthDb({ name: freshName() });
    let t = 0;
    const log = createSeenLog(db, () => t);
    await log.record(entry, { keepDays: 1, keepSummary: false });
    expect(await log.summaries()).toEqual([]);
    await log.record(
      { ...entry, url: 'https://example.org/a', site: 'example.org' },
      { keepDays: 3, keepSummary: true },
    );
    t = 2 * DAY;
    expect((await log.list()).map((r) => r.site)).toEqual(['example.org']);
    expect(await log.purgeExpired()).toBe(1);
    t = 4 * DAY;
    expect(await log.list()).toEqual([]);
    expect(await log.summaries()).toEqual([]);
    expect(await log.purgeExpired()).toBe(2);
    db.close();
  });

  it('clears everything, forgets one site, and skips a damaged record instead of failing', async () => {
    const name = freshName();
    const db = await openHearthDb({ name });
    const log = createSeenLog(db, () => 10);
    await log.record(entry, { keepDays: 1, keepSummary: true });
    await log.record(
      { ...entry, url: 'https://example.org/a', site: 'example.org' },
      { keepDays: 1, keepSummary: true },
    );
    await log.forgetSite('example.org');
    expect((await log.list()).map((r) => r.site)).toEqual(['en.wikipedia.org']);
    expect((await log.summaries()).map((r) => r.site)).toEqual(['en.wikipedia.org']);
    db.close();
    const raw = await openDB(name);
    await raw.put('seenLog', { id: 'bad', at: 5, expiresAt: 1e15, text: 42 });
    raw.close();
    const again = await openHearthDb({ name });
    const reopened = createSeenLog(again, () => 10);
    expect((await reopened.list()).map((r) => r.site)).toEqual(['en.wikipedia.org']);
    await reopened.clear();
    expect(await reopened.list()).toEqual([]);
    expect(await reopened.summaries()).toEqual([]);
    again.close();
  });
});
