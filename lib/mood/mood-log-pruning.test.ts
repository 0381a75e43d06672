import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createSerialWriter } from '../companion/background/serial-writer';
import { createMoodService, PRUNE_CHECK_EVERY } from './mood-service';
import { createMoodStore, MOOD_LOG_LIMITS, type MoodLogLimits } from './mood-store';
import { replayMood } from './mood-state';
import { replayRelationship } from './relationship';
import { DEFAULT_TEMPERAMENT } from './temperament';
import type { Appraisal } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 11, 2, 8);
const READINGS: Record<string, Appraisal> = {
  sad: { pad: { p: -0.9, a: -0.4, d: -0.5 }, emotions: [{ label: 'sadness', p: 0.9 }], intensity: 1 },
  thanks: { pad: { p: 0.8, a: 0.3, d: 0.2 }, emotions: [{ label: 'gratitude', p: 0.9 }], intensity: 0.9 },
  angry: { pad: { p: -0.9, a: 0.8, d: 0.7 }, emotions: [{ label: 'anger', p: 0.9 }], intensity: 0.9 },
};
/** The appraiser's edge: a table of readings by text (the real one is lib/mood/appraiser). */
const appraise = async (text: string): Promise<Appraisal> =>
  READINGS[text] ?? { pad: { p: 0, a: 0, d: 0 }, emotions: [], intensity: 0 };

async function setup(logLimits?: MoodLogLimits) {
  const db = await openHearthDb({ name: `mood-pruning-${crypto.randomUUID()}` });
  let now = T0;
  const service = createMoodService({
    store: async () => createMoodStore(db),
    appraise,
    writer: createSerialWriter(),
    now: () => now,
    publish: () => {},
    ...(logLimits ? { logLimits } : {}),
  });
  return { db, store: createMoodStore(db), service, advance: (ms: number) => (now += ms), at: () => now };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** A varied stretch of use: messages of each kind, replies, resets, a pause, time passing. */
async function use(s: Setup, turns: number, tag: string): Promise<void> {
  const texts = ['sad', 'thanks', 'angry', 'thanks', 'neutral'];
  for (let i = 0; i < turns; i++) {
    const text = texts[i % texts.length]!;
    await s.service.appraise({ personaId: 'p', messageId: `${tag}-u${i}`, text, role: 'user' });
    if (i % 3 === 0) {
      await s.service.appraise({
        personaId: 'p',
        messageId: `${tag}-r${i}`,
        text: 'thanks',
        role: 'assistant',
      });
    }
    if (i === 7) await s.service.reset('p', 'mood');
    if (i === 11) await s.service.pause('p', true);
    if (i === 12) await s.service.pause('p', false);
    s.advance((i % 4) * HOUR + 1000);
  }
}

/** Replaying the log must give the stored states, exactly. */
async function expectReplayEqualsStored(s: Setup): Promise<void> {
  const log = await s.store.history('p');
  const stored = await s.store.read('p');
  const { seq: _seq, ...mood } = stored.mood!;
  expect(replayMood('p', DEFAULT_TEMPERAMENT, log)).toEqual(mood);
  expect(replayRelationship('p', log)).toEqual(stored.relationship);
}

describe('mood log pruning', () => {
  it('keeps the log bounded by count as it is used, and the log still replays to the state exactly', async () => {
    const limits = { maxEntries: 20, maxAgeDays: 180, batch: 10 };
    const s = await setup(limits);
    await use(s, 60, 'a');
    const log = await s.store.history('p');
    const seq = (await s.store.read('p')).mood!.seq;
    expect(seq).toBeGreaterThan(2 * PRUNE_CHECK_EVERY);
    expect(log.length).toBeLessThanOrEqual(limits.maxEntries + limits.batch + PRUNE_CHECK_EVERY);
    expect(log.length).toBeLessThan(seq / 2);
    expect(log[0]!.kind).toBe('checkpoint');
    expect(log.filter((e) => e.kind === 'checkpoint')).toHaveLength(1);
    // Nothing is lost from the count: the checkpoint stands for every entry folded into it.
    expect(log[0]!.checkpoint!.folded + log.length - 1).toBe(seq);
    await expectReplayEqualsStored(s);
  });

  it('folds the same states a replay of the whole log reaches, and folds an earlier checkpoint again', async () => {
    const s = await setup({ ...MOOD_LOG_LIMITS, maxEntries: 1_000_000 });
    await use(s, 30, 'a');
    const whole = await s.store.history('p');
    const limits = { maxEntries: 15, maxAgeDays: 180, batch: 5 };
    expect(await s.store.prune('p', DEFAULT_TEMPERAMENT, s.at(), limits)).toBe(whole.length - 14);
    const pruned = await s.store.history('p');
    expect(pruned).toHaveLength(15);
    expect(pruned.slice(1)).toEqual(whole.slice(-14));
    expect(replayMood('p', DEFAULT_TEMPERAMENT, pruned)).toEqual(replayMood('p', DEFAULT_TEMPERAMENT, whole));
    expect(replayRelationship('p', pruned)).toEqual(replayRelationship('p', whole));
    // The checkpoint holds the state right after the last folded entry.
    const cut = whole.length - 14;
    expect(pruned[0]!.checkpoint!.mood).toEqual(replayMood('p', DEFAULT_TEMPERAMENT, whole.slice(0, cut)));
    expect(pruned[0]!.id).toBe(whole[cut - 1]!.id);

    await use(s, 10, 'b');
    const before = await s.store.history('p');
    expect(await s.store.prune('p', DEFAULT_TEMPERAMENT, s.at(), limits)).toBeGreaterThan(0);
    const again = await s.store.history('p');
    expect(again.filter((e) => e.kind === 'checkpoint')).toHaveLength(1);
    expect(again[0]!.checkpoint!.folded + again.length - 1).toBe((await s.store.read('p')).mood!.seq);
    expect(replayMood('p', DEFAULT_TEMPERAMENT, again)).toEqual(replayMood('p', DEFAULT_TEMPERAMENT, before));
    await expectReplayEqualsStored(s);
  });

  it('folds entries older than the age bound, and does nothing while too few are due', async () => {
    const s = await setup({ ...MOOD_LOG_LIMITS, maxEntries: 1_000_000 });
    await use(s, 12, 'old');
    s.advance(200 * DAY);
    await use(s, 5, 'new');
    const limits = { maxEntries: 1000, maxAgeDays: 180, batch: 5 };
    const whole = await s.store.history('p');
    // A batch larger than what is due: nothing happens.
    expect(await s.store.prune('p', DEFAULT_TEMPERAMENT, s.at(), { ...limits, batch: 1000 })).toBe(0);
    expect(await s.store.history('p')).toEqual(whole);
    const old = whole.filter((e) => e.at < s.at() - 180 * DAY).length;
    expect(await s.store.prune('p', DEFAULT_TEMPERAMENT, s.at(), limits)).toBe(old);
    const pruned = await s.store.history('p');
    expect(pruned[0]!.kind).toBe('checkpoint');
    expect(pruned.slice(1).every((e) => e.at >= s.at() - 180 * DAY)).toBe(true);
    await expectReplayEqualsStored(s);
  });

  it('leaves other personas’ logs alone', async () => {
    const s = await setup({ ...MOOD_LOG_LIMITS, maxEntries: 1_000_000 });
    await s.service.appraise({ personaId: 'q', messageId: 'q1', text: 'sad', role: 'user' });
    await use(s, 20, 'a');
    const other = await s.store.history('q');
    await s.store.prune('p', DEFAULT_TEMPERAMENT, s.at(), { maxEntries: 5, maxAgeDays: 180, batch: 2 });
    expect(await s.store.history('q')).toEqual(other);
  });

  it('rejects a damaged checkpoint on the way out like any damaged entry', async () => {
    const s = await setup({ ...MOOD_LOG_LIMITS, maxEntries: 1_000_000 });
    await use(s, 10, 'a');
    await s.store.prune('p', DEFAULT_TEMPERAMENT, s.at(), { maxEntries: 5, maxAgeDays: 180, batch: 2 });
    const [checkpoint] = await s.store.history('p');
    await s.db.put('moodLog', { ...checkpoint!, checkpoint: { mood: { pad: 'x' } } } as never);
    const log = await s.store.history('p');
    expect(log.some((e) => e.kind === 'checkpoint')).toBe(false);
  });
});
