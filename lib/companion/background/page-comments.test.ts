import { describe, expect, it } from 'vitest';
import { createBackgroundService, type BackgroundDeps } from './handlers';
import { createRouter, type SenderInfo } from '../../messaging/router';
import { memoryArea } from './fakes';
import { openHearthDb } from '../../db/open';
import { createMoodStore } from '../../mood/mood-store';
import { DEFAULT_COMMENT_SETTINGS, type CommentSettings } from '../../page/comment-settings';
import type { BubbleShow } from '../../page/comment-messages';
import { COMMENT_LOG_KEY, TRACKING_KEY } from './page-comments';
import { systemMinutes } from './page-comment-deps';

const identity = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const panel: SenderInfo = { id: 'ext-id', url: 'chrome-extension://ext-id/sidepanel.html' };
const URL_A = 'https://news.test/otters';
const tab = (id: number, url = URL_A): SenderInfo => ({ id: 'ext-id', url, tab: { id, url } });
const S = 1000;
const neutral = { pad: { p: 0, a: 0, d: 0 }, emotions: [], intensity: 0 };

/** The background over fake storage and a fake-indexeddb mood store; the clock is the test's. */
async function background(
  settings: Partial<CommentSettings> = {},
  extra: Partial<BackgroundDeps['pages']> = {},
) {
  const db = await openHearthDb({ name: `page-comments-${crypto.randomUUID()}` });
  let t = Date.UTC(2026, 11, 2, 12);
  const bubbles: { tabId: number; bubble: BubbleShow }[] = [];
  const local = memoryArea();
  const comments: CommentSettings = { ...DEFAULT_COMMENT_SETTINGS, enabled: true, ...settings };
  const deps: BackgroundDeps = {
    session: memoryArea(),
    local,
    tabs: { get: async () => ({ incognito: false }), activeTabId: async () => 1 },
    changes: { publish: () => {} },
    now: () => t,
    version: '1',
    mood: { store: async () => createMoodStore(db), appraise: async () => neutral },
    pages: {
      settings: async () => comments,
      localMinutes: () => 12 * 60,
      bubble: async (tabId, bubble) => {
        bubbles.push({ tabId, bubble });
        return true;
      },
      personaName: async () => 'Ember',
      ...extra,
    },
  };
  const service = createBackgroundService(deps);
  const route = createRouter(service.handlers, identity);
  const send = async (type: string, payload: unknown, sender = panel) => {
    const result = await route({ hearth: 1, type, payload }, sender);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as never;
  };
  const advance = (ms: number) => (t += ms);
  /** The user reads tab 1 for `ms`, counted by the 30 s alarm. */
  const read = async (ms: number) => {
    for (let done = 0; done < ms; done += 30 * S) {
      advance(30 * S);
      await service.pages.tick();
    }
  };
  return { db, local, service, send, advance, read, bubbles, comments };
}

describe('page comments in the background', () => {
  it('tracks focus and dwell, then offers one comment to the open panel, shows the bubble and records a dismissal', async () => {
    const bg = await background();
    await bg.send('page/report', { url: URL_A, title: 'Sea otters hold hands', selection: '' }, tab(1));
    await bg.service.pages.focus(1);
    const early = await bg.send('page/comment-poll', { panelBusy: false });
    expect(early).toMatchObject({
      focus: { key: URL_A, title: 'Sea otters hold hands', topic: ['sea', 'otters', 'hold', 'hands'] },
      decision: { speak: false, reason: 'too-soon' },
      offer: null,
    });
    for (let i = 0; i < 8; i++) {
      bg.advance(30 * S);
      await bg.send('page/comment-poll', { panelBusy: true });
    }
    const answer = (await bg.send('page/comment-poll', {
      panelBusy: false,
      relevance: { key: URL_A, score: 0.6, memory: 'I volunteer at the aquarium' },
    })) as { offer: { id: string; why: string; url: string } | null; decision: { reason: string } };
    expect(answer.decision.reason).toBe('interesting');
    expect(answer.offer).toMatchObject({
      kind: 'comment',
      tabId: 1,
      url: URL_A,
      title: 'Sea otters hold hands',
    });
    expect(answer.offer!.why).toContain('I volunteer at the aquarium');
    // Counted at once: the next poll does not offer the same page again.
    bg.advance(30 * S);
    expect(
      ((await bg.send('page/comment-poll', { panelBusy: false })) as { offer: unknown }).offer,
    ).toBeNull();

    const id = answer.offer!.id;
    const shown = await bg.send('page/comment-shown', {
      commentId: id,
      messageId: 'm1',
      personaId: 'default',
      text: 'Otters!',
    });
    expect(shown).toEqual({ bubble: true });
    expect(bg.bubbles).toEqual([
      {
        tabId: 1,
        bubble: {
          hearthBubble: 1,
          commentId: id,
          personaName: 'Ember',
          text: 'Otters!',
          why: answer.offer!.why,
        },
      },
    ]);

    // The bubble in another tab may not speak for this comment; its own tab may dismiss it.
    await expect(
      bg.send('page/comment-reaction', { commentId: id, reaction: 'dismissed' }, tab(2)),
    ).rejects.toThrow(/forbidden/);
    await expect(
      bg.send('page/comment-reaction', { commentId: id, reaction: 'thumbs-up' }, tab(1)),
    ).rejects.toThrow(/forbidden/);
    expect(await bg.send('page/comment-reaction', { commentId: id, reaction: 'dismissed' }, tab(1))).toEqual({
      recorded: true,
    });
    const { log } = await bg.service.pages.read();
    expect(log.comments[0]).toMatchObject({
      id,
      reaction: 'dismissed',
      messageId: 'm1',
      personaId: 'default',
    });

    // The dismissal moved the mood through its one entry point, as a page event, once.
    const history = (await bg.send('mood/history', { personaId: 'default' })) as {
      cause: string;
      messageId?: string;
    }[];
    expect(history.filter((e) => e.cause === 'page')).toEqual([
      expect.objectContaining({ messageId: `page-comment:${id}:dismissed` }),
    ]);
    await bg.send('page/comment-reaction', { commentId: id, reaction: 'thumbs-down' });
    const again = (await bg.send('mood/history', { personaId: 'default' })) as { cause: string }[];
    expect(again.filter((e) => e.cause === 'page')).toHaveLength(1);
    expect(await bg.send('page/comment-reaction', { commentId: 'nope', reaction: 'dismissed' })).toEqual({
      recorded: false,
    });
  });

  it('says nothing when comments are off or in quiet hours, however long the user reads', async () => {
    for (const settings of [
      { enabled: false },
      { quietHours: { enabled: true, start: 11 * 60, end: 13 * 60 } },
    ]) {
      const bg = await background(settings);
      await bg.send('page/report', { url: URL_A, title: 'Sea otters', selection: '' }, tab(1));
      await bg.service.pages.focus(1);
      await bg.read(10 * 60 * S);
      const answer = (await bg.send('page/comment-poll', {
        panelBusy: false,
        relevance: { key: URL_A, score: 1 },
      })) as {
        offer: unknown;
        decision: { reason: string };
      };
      expect(answer.offer).toBeNull();
      expect(answer.decision.reason).toBe(settings.enabled === false ? 'off' : 'quiet-hours');
      // With comments off, not even the page's address is kept for them.
      const { tracking } = await bg.service.pages.read();
      expect(Object.keys(tracking.pages)).toEqual(settings.enabled === false ? [] : [URL_A]);
    }
  });

  it('the privacy rules decide before anything else: a refused page is never offered', async () => {
    const bg = await background(
      {},
      { privacy: async () => ({ allowed: false, reason: 'Hearth is paused.' }) },
    );
    await bg.send('page/report', { url: URL_A, title: 'Sea otters', selection: '' }, tab(1));
    await bg.service.pages.focus(1);
    await bg.read(10 * 60 * S);
    expect(await bg.send('page/comment-poll', { panelBusy: false })).toMatchObject({
      offer: null,
      decision: { reason: 'not-allowed', why: 'Hearth is paused.' },
    });
  });

  it('with the panel closed nothing is offered; the page is mentioned once when the panel opens', async () => {
    const bg = await background();
    await bg.send('page/report', { url: URL_A, title: 'Sea otters hold hands', selection: '' }, tab(1));
    await bg.service.pages.focus(1);
    await bg.read(6 * 60 * S);
    const { log } = await bg.service.pages.read();
    expect(log.comments).toEqual([]);
    expect(log.noticed).toMatchObject({ url: URL_A, title: 'Sea otters hold hands' });

    const opened = (await bg.send('page/comment-poll', { panelBusy: false })) as {
      offer: { kind: string; url: string };
    };
    expect(opened.offer).toMatchObject({ kind: 'noticed', url: URL_A });
    bg.advance(30 * S);
    expect(
      ((await bg.send('page/comment-poll', { panelBusy: false })) as { offer: unknown }).offer,
    ).toBeNull();
    expect((await bg.service.pages.read()).log.noticed).toBeNull();
  });

  it('survives the worker being stopped: a new background instance reads tracking back from storage', async () => {
    const bg = await background();
    await bg.send('page/report', { url: URL_A, title: 'Sea otters', selection: '' }, tab(1));
    await bg.service.pages.focus(1);
    await bg.read(90 * S);
    const stored = structuredClone(bg.local.data);
    expect(stored[TRACKING_KEY]).toBeDefined();
    expect(stored[COMMENT_LOG_KEY]).toBeDefined();
    const woken = createBackgroundService({
      session: memoryArea(),
      local: memoryArea(stored),
      tabs: { get: async () => ({ incognito: false }), activeTabId: async () => 1 },
      changes: { publish: () => {} },
      now: () => Date.UTC(2026, 11, 2, 12) + 120 * S,
      version: '1',
    });
    await woken.pages.tick();
    const { tracking } = await woken.pages.read();
    expect(tracking.pages[URL_A]).toMatchObject({ dwellMs: 120 * S, visits: 1 });
  });

  it('a closed tab is forgotten by tracking (its page stays for revisits)', async () => {
    const bg = await background();
    await bg.send('page/report', { url: URL_A, title: 'Sea otters', selection: '' }, tab(1));
    await bg.service.tabRemoved(1);
    const { tracking } = await bg.service.pages.read();
    expect(tracking.tabs).toEqual({});
    expect(tracking.pages[URL_A]).toBeDefined();
  });

  it('refuses malformed poll and reaction messages', async () => {
    const bg = await background();
    await expect(bg.send('page/comment-poll', { panelBusy: 'no' })).rejects.toThrow(/bad-request/);
    await expect(
      bg.send('page/comment-poll', { panelBusy: false, relevance: { key: URL_A, score: 2 } }),
    ).rejects.toThrow(/bad-request/);
    await expect(bg.send('page/comment-reaction', { commentId: 'x', reaction: 'love' })).rejects.toThrow(
      /bad-request/,
    );
    await expect(
      bg.send('page/comment-shown', { commentId: 'x', messageId: 'm', personaId: 'p', text: 'hi' }),
    ).rejects.toThrow(/no such page comment/);
    // A content script cannot poll or claim a comment was shown.
    await expect(bg.send('page/comment-poll', { panelBusy: false }, tab(1))).rejects.toThrow(/forbidden/);
  });

  it('quiet hours read the local time of day', () => {
    expect(systemMinutes(new Date(2026, 11, 2, 22, 15).getTime())).toBe(22 * 60 + 15);
    expect(systemMinutes(new Date(2026, 11, 2, 0, 0).getTime())).toBe(0);
  });
});
