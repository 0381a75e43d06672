import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createMoodStore } from './mood-store';
import { createMoodService } from './mood-service';
import { createSerialWriter } from '../companion/background/serial-writer';
import { replayMood } from './mood-state';
import { replayRelationship } from './relationship';
import { DEFAULT_TEMPERAMENT } from './temperament';
import { CARE_RESPONSE } from './safety';
import type { Appraisal } from './types';
import { TurnMoodSchema } from './schemas';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 2, 8);
const READINGS: Record<string, Appraisal> = {
  sad: { pad: { p: -0.9, a: -0.4, d: -0.5 }, emotions: [{ label: 'sadness', p: 0.9 }], intensity: 1 },
  thanks: { pad: { p: 0.8, a: 0.3, d: 0.2 }, emotions: [{ label: 'gratitude', p: 0.9 }], intensity: 0.9 },
  angry: { pad: { p: -0.9, a: 0.8, d: 0.7 }, emotions: [{ label: 'anger', p: 0.9 }], intensity: 0.9 },
};
/** The appraiser's edge: a table of readings by text (the real one is lib/mood/appraiser). */
const appraise = async (text: string): Promise<Appraisal> =>
  READINGS[text.split(' ')[0]!] ?? { pad: { p: 0, a: 0, d: 0 }, emotions: [], intensity: 0 };

async function setup() {
  const db = await openHearthDb({ name: `mood-service-${crypto.randomUUID()}` });
  let now = T0;
  const published: string[] = [];
  const writer = createSerialWriter();
  const make = () =>
    createMoodService({
      store: async () => createMoodStore(db),
      appraise,
      writer,
      now: () => now,
      publish: (id) => published.push(id),
    });
  return { db, service: make(), make, published, advance: (ms: number) => (now += ms), at: () => now };
}

describe('the mood service', () => {
  it('keeps the mood in IndexedDB: a new instance (a woken worker) reads it back, decayed by the clock', async () => {
    const s = await setup();
    const first = await s.service.appraise({
      personaId: 'p',
      messageId: 'm1',
      text: 'sad day',
      role: 'user',
    });
    expect(first.mood.pad.p).toBeLessThan(DEFAULT_TEMPERAMENT.baseline.p);
    expect(s.published).toEqual(['p']);
    s.advance(8 * HOUR);
    const woken = s.make();
    const { mood } = await woken.get('p');
    const base = DEFAULT_TEMPERAMENT.baseline.p;
    expect(mood.pad.p - base).toBeCloseTo((first.mood.pad.p - base) / 4, 10);
  });

  it('a persona’s own temperament sets where its mood starts and decays to; others keep the default', async () => {
    const s = await setup();
    const gloomy = { baseline: { p: -0.3, a: -0.2, d: 0 }, halfLifeHours: 2 };
    const service = createMoodService({
      store: async () => createMoodStore(s.db),
      appraise,
      writer: createSerialWriter(),
      now: s.at,
      publish: () => {},
      // As the background reads it: the persona record's temperament, null for Hearth's default.
      temperamentFor: async (id) => (id === 'gloomy' ? gloomy : null),
    });
    expect((await service.get('gloomy')).mood.pad).toEqual(gloomy.baseline);
    expect((await service.get('plain')).mood.pad).toEqual(DEFAULT_TEMPERAMENT.baseline);
    const moved = await service.appraise({
      personaId: 'gloomy',
      messageId: 'm1',
      text: 'thanks a lot',
      role: 'user',
    });
    expect(moved.mood.pad.p).toBeGreaterThan(gloomy.baseline.p);
    s.advance(2 * HOUR); // one of its half-lives
    const { mood } = await service.get('gloomy');
    expect(mood.pad.p - gloomy.baseline.p).toBeCloseTo((moved.mood.pad.p - gloomy.baseline.p) / 2, 10);
  });

  it('answers the fixed care response and a break, and logs every change with its cause', async () => {
    const s = await setup();
    const care = await s.service.appraise({
      personaId: 'p',
      messageId: 'm1',
      text: 'sad and I want to kill myself',
      role: 'user',
    });
    expect(care.care).toBe(CARE_RESPONSE);
    const rest = await s.service.appraise({
      personaId: 'p',
      messageId: 'm2',
      text: 'I need a break',
      role: 'user',
    });
    expect(rest.takingBreak).toBe(true);
    expect(rest.care).toBeUndefined();
    const log = await s.service.history('p');
    expect(log.map((e) => [e.kind, e.messageId, e.guard])).toEqual([
      ['mood', 'm1', 'care'],
      ['relationship', 'm1', 'care'],
      ['relationship', 'm2', 'break'],
    ]);
    expect(care.emotion).toEqual({ valence: -0.9, arousal: -0.4 });
    // What the service answers is what the protocol accepts.
    expect(TurnMoodSchema.parse(care)).toEqual(care);
  });

  it('a message appraised again (its reply regenerated) moves nothing twice', async () => {
    const s = await setup();
    const once = await s.service.appraise({ personaId: 'p', messageId: 'm1', text: 'sad', role: 'user' });
    const twice = await s.service.appraise({ personaId: 'p', messageId: 'm1', text: 'sad', role: 'user' });
    expect(twice.mood).toEqual(once.mood);
    expect(twice.relationship).toEqual(once.relationship);
    expect(await s.service.history('p')).toHaveLength(2);
  });

  it('the companion’s own replies move the mood lightly and never the relationship', async () => {
    const s = await setup();
    const before = await s.service.get('p');
    const after = await s.service.appraise({
      personaId: 'p',
      messageId: 'r1',
      text: 'thanks for that',
      role: 'assistant',
    });
    expect(after.mood.pad.p).toBeGreaterThan(before.mood.pad.p);
    expect(after.relationship).toEqual(before.relationship);
    expect((await s.service.history('p')).map((e) => [e.cause, e.weight])).toEqual([['own-reply', 0.25]]);
  });

  it('messages appraised at the same moment are all counted, in order, and the log replays to the stored state', async () => {
    const s = await setup();
    const texts = ['sad', 'thanks', 'angry', 'sad', 'thanks', 'sad'];
    await Promise.all(
      texts.map((text, i) => s.service.appraise({ personaId: 'p', messageId: `m${i}`, text, role: 'user' })),
    );
    s.advance(3 * HOUR);
    await s.service.reset('p', 'mood');
    s.advance(HOUR);
    await s.service.pause('p', true);
    s.advance(HOUR);
    await s.service.appraise({ personaId: 'p', messageId: 'ignored', text: 'angry', role: 'user' });
    await s.service.pause('p', false);
    await s.service.appraise({ personaId: 'p', messageId: 'm9', text: 'sad', role: 'user' });

    const log = await s.service.history('p');
    expect(log.filter((e) => e.kind === 'relationship').map((e) => e.messageId)).toEqual([
      'm0',
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'm9',
    ]);
    expect(log.some((e) => e.messageId === 'ignored')).toBe(false);
    const stored = await createMoodStore(s.db).read('p');
    const { seq: _seq, ...mood } = stored.mood!;
    expect(replayMood('p', DEFAULT_TEMPERAMENT, log)).toEqual(mood);
    expect(replayRelationship('p', log)).toEqual(stored.relationship);
  });

  it('reset and pause are logged; reset of the relationship leaves the mood alone', async () => {
    const s = await setup();
    await s.service.appraise({ personaId: 'p', messageId: 'm1', text: 'thanks a lot', role: 'user' });
    const moved = await s.service.get('p');
    const reset = await s.service.reset('p', 'relationship');
    expect(reset.relationship.familiarity).toBe(0);
    expect(reset.mood.pad).toEqual(moved.mood.pad);
    const both = await s.service.reset('p', 'both');
    expect(both.mood.pad).toEqual(DEFAULT_TEMPERAMENT.baseline);
    s.advance(1000);
    const paused = await s.service.pause('p', true);
    expect(paused.mood.paused && paused.relationship.paused).toBe(true);
    const log = await s.service.history('p');
    expect(log.slice(-4).map((e) => e.cause)).toEqual([
      'reset-relationship',
      'reset-mood',
      'reset-relationship',
      'pause',
    ]);
    const exported = await s.service.exportAll('p');
    expect(exported).toMatchObject({ format: 'hearth-mood', version: 1, personaId: 'p' });
    expect(exported.log).toHaveLength(log.length);
    expect(await s.service.history('p', { from: log.at(-1)!.at, limit: 1 })).toEqual([log.at(-1)]);
  });

  it('an appraiser that fails changes nothing and says why', async () => {
    const s = await setup();
    const broken = createMoodService({
      store: async () => createMoodStore(s.db),
      appraise: async () => {
        throw new Error('appraiser not loaded');
      },
      writer: createSerialWriter(),
      now: () => T0,
      publish: () => {},
    });
    await expect(
      broken.appraise({ personaId: 'p', messageId: 'm', text: 'sad', role: 'user' }),
    ).rejects.toThrow('appraiser not loaded');
    expect(await s.service.history('p')).toEqual([]);
  });
});
