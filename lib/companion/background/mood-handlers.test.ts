import { describe, expect, it } from 'vitest';
import { createBackgroundService, type BackgroundDeps } from './handlers';
import { createRouter, type SenderInfo } from '../../messaging/router';
import type { Change } from '../../messaging/changes';
import { memoryArea } from './fakes';
import { openHearthDb } from '../../db/open';
import { createMoodStore } from '../../mood/mood-store';
import { createMoodClient } from '../../mood/mood-client';
import { CARE_RESPONSE } from '../../mood/safety';
import { DEFAULT_TEMPERAMENT } from '../../mood/temperament';
import type { Appraisal } from '../../mood/types';

const identity = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const panel: SenderInfo = { id: 'ext-id', url: 'chrome-extension://ext-id/sidepanel.html' };
const content: SenderInfo = { id: 'ext-id', url: 'https://a.test/', tab: { id: 1 } };
const HOUR = 3_600_000;
const sad: Appraisal = {
  pad: { p: -0.9, a: -0.4, d: -0.5 },
  emotions: [{ label: 'sadness', p: 0.9 }],
  intensity: 1,
};

/** The background as the browser runs it over a real (fake-indexeddb) database; the appraiser and browser APIs are the edges. */
async function background(overrides: Partial<BackgroundDeps> = {}) {
  const db = await openHearthDb({ name: `mood-handlers-${crypto.randomUUID()}` });
  const published: Change[] = [];
  let t = Date.UTC(2026, 11, 2, 9);
  const deps: BackgroundDeps = {
    session: memoryArea(),
    local: memoryArea(),
    tabs: { get: async () => ({ incognito: false }), activeTabId: async () => undefined },
    changes: { publish: (change) => published.push(change) },
    now: () => t,
    version: '1',
    mood: { store: async () => createMoodStore(db), appraise: async () => sad },
    ...overrides,
  };
  const route = createRouter(createBackgroundService(deps).handlers, identity);
  const send = (type: string, payload: unknown, sender = panel) =>
    route({ hearth: 1, type, payload }, sender);
  return { db, deps, route, send, published, advance: (ms: number) => (t += ms) };
}

describe('mood messages in the background', () => {
  it('mood/appraise answers the mood after the message, and a woken worker reads it back decayed', async () => {
    const bg = await background();
    const answer = await bg.send('mood/appraise', {
      personaId: 'default',
      messageId: 'm1',
      text: 'so sad',
      role: 'user',
    });
    expect(answer).toMatchObject({
      ok: true,
      value: { mood: { personaId: 'default' }, relationship: { stage: 'new' } },
    });
    if (!answer.ok) return;
    const after = (answer.value as { mood: { pad: { p: number } } }).mood.pad.p;
    expect(after).toBeLessThan(DEFAULT_TEMPERAMENT.baseline.p);
    expect(bg.published).toEqual([{ topic: 'mood', ids: ['default'] }]);

    // A new worker instance on the same database, four hours (one half-life) later.
    bg.advance(4 * HOUR);
    const woken = createRouter(createBackgroundService(bg.deps).handlers, identity);
    const got = await woken({ hearth: 1, type: 'mood/get', payload: { personaId: 'default' } }, panel);
    expect(got.ok).toBe(true);
    const base = DEFAULT_TEMPERAMENT.baseline.p;
    if (got.ok)
      expect((got.value as { mood: { pad: { p: number } } }).mood.pad.p - base).toBeCloseTo(
        (after - base) / 2,
        10,
      );
  });

  it('the care response comes back with the mood', async () => {
    const bg = await background();
    const answer = await bg.send('mood/appraise', {
      personaId: 'default',
      messageId: 'm1',
      text: 'I want to end my life',
      role: 'user',
    });
    expect(answer).toMatchObject({ ok: true, value: { care: CARE_RESPONSE } });
  });

  it.each([
    ['a missing persona', 'mood/get', {}, /personaId/],
    [
      'an unknown role',
      'mood/appraise',
      { personaId: 'p', messageId: 'm', text: 'x', role: 'system' },
      /role/,
    ],
    ['a huge history limit', 'mood/history', { personaId: 'p', limit: 1e9 }, /limit/],
    ['an unknown reset', 'mood/reset', { personaId: 'p', what: 'everything' }, /what/],
    ['a pause that is not a boolean', 'mood/pause', { personaId: 'p', paused: 'yes' }, /paused/],
    ['an extra field', 'mood/export', { personaId: 'p', all: true }, /all|Unrecognized/i],
  ])('refuses %s with a clear error and changes nothing', async (_name, type, payload, message) => {
    const bg = await background();
    const result = await bg.send(type, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    if (!result.ok) expect(result.error.message).toMatch(message);
    expect(await bg.db.count('moodLog')).toBe(0);
    expect(bg.published).toEqual([]);
  });

  it('a content script may not move or read the mood (a page cannot steer the companion)', async () => {
    const bg = await background();
    for (const [type, payload] of [
      ['mood/appraise', { personaId: 'p', messageId: 'm', text: 'so sad', role: 'user' }],
      ['mood/get', { personaId: 'p' }],
      ['mood/reset', { personaId: 'p', what: 'both' }],
    ] as const) {
      expect(await bg.send(type, payload, content)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(await bg.db.count('moodLog')).toBe(0);
  });

  it('an appraiser that is not there gives an error result, not a changed mood', async () => {
    const bg = await background({
      mood: {
        store: async () => createMoodStore(await openHearthDb({ name: `x-${crypto.randomUUID()}` })),
        appraise: async () => {
          throw new Error('No appraiser is loaded.');
        },
      },
    });
    expect(
      await bg.send('mood/appraise', { personaId: 'p', messageId: 'm', text: 'x', role: 'user' }),
    ).toEqual({
      ok: false,
      error: { code: 'internal', message: 'No appraiser is loaded.' },
    });
    const none = await background({ mood: undefined });
    expect(await none.send('mood/get', { personaId: 'p' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('the MoodClient over the protocol: current, history, pause, reset, export, and change notices', async () => {
    const bg = await background();
    const listeners = new Set<(c: Change) => void>();
    const client = createMoodClient((envelope) => bg.route(envelope, panel), {
      subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    });
    let heard = 0;
    const stop = client.subscribe(() => heard++);
    await client.appraise({ personaId: 'p', messageId: 'm1', text: 'so sad', role: 'user' });
    expect((await client.current('p')).mood.feeling).toBeTypeOf('string');
    expect((await client.history('p')).map((e) => e.kind)).toEqual(['mood', 'relationship']);
    await client.pause('p', true);
    expect((await client.current('p')).mood.paused).toBe(true);
    await client.reset('p', 'both');
    expect((await client.current('p')).mood.pad).toEqual(DEFAULT_TEMPERAMENT.baseline);
    const exported = (await client.exportAll('p')) as { log: unknown[] };
    expect(exported.log).toHaveLength(5);
    // Changes published in the background reach subscribers through the channel.
    for (const change of bg.published) listeners.forEach((l) => l(change));
    listeners.forEach((l) => l({ topic: 'memories' }));
    expect(heard).toBe(bg.published.length);
    stop();
    expect(listeners.size).toBe(0);
    await expect(client.reset('p', 'all' as never)).rejects.toThrow(/what/);
  });
});
