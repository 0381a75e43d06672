import type { Page } from '@playwright/test';
import { expect, openOptions, openSidePanel, stopServiceWorker, test, type ChromeApi } from './fixtures';
import { PanelPage, openConnectedPanel } from './pages/panel';
import { CLOCK_OFFSET_KEY, SCRIPTED_APPRAISALS_KEY } from '../../lib/companion/background/e2e-edges';
import { DEFAULT_TEMPERAMENT } from '../../lib/mood/temperament';
import type { MoodView, RelationshipView, MoodLogEntry } from '../../lib/mood/types';

// Mood in the real browser (HEARTH_E2E=1 build): kept by the background in IndexedDB, it
// survives a stopped worker and a browser restart, decays by the closed-form amount after the
// test moves the background's clock (an e2e-only offset), and resets. Read through the
// protocol from an extension page, as the panel and the options page do.

const HOUR = 3_600_000;
const SAD = { pad: { p: -0.9, a: -0.4, d: -0.5 }, emotions: [{ label: 'sadness', p: 0.9 }], intensity: 1 };
const SAD_TEXT = 'I lost my dog today and I miss him so much';

type Pair = { mood: MoodView; relationship: RelationshipView };
type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

function send<T>(page: Page, type: string, payload: unknown): Promise<Reply<T>> {
  return page.evaluate(
    ([t, p]) =>
      (globalThis as unknown as { chrome: ChromeApi }).chrome.runtime.sendMessage({
        hearth: 1,
        type: t,
        payload: p,
      }),
    [type, payload] as const,
  ) as Promise<Reply<T>>;
}
async function value<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = await send<T>(page, type, payload);
  if (!reply.ok) throw new Error(`${type}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}
const setLocal = (page: Page, items: Record<string, unknown>) =>
  page.evaluate((i) => (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.set(i), items);

/** The decayed value the background must report at `now` (the formula of lib/mood/decay.ts). */
const decayed = (x: number, base: number, elapsedMs: number) =>
  base + (x - base) * Math.pow(2, -elapsedMs / (DEFAULT_TEMPERAMENT.halfLifeHours * HOUR));

test('the mood survives a stopped worker and a browser restart, decays by the expected amount, and resets', async ({
  context,
  extensionId,
  restartBrowser,
}) => {
  let page = await openOptions(context, extensionId);
  await setLocal(page, { [SCRIPTED_APPRAISALS_KEY]: { [SAD_TEXT]: SAD }, [CLOCK_OFFSET_KEY]: 0 });

  const fresh = await value<Pair>(page, 'mood/get', { personaId: 'default' });
  expect(fresh.mood.pad).toEqual(DEFAULT_TEMPERAMENT.baseline);
  for (let i = 0; i < 4; i++)
    await value(page, 'mood/appraise', {
      personaId: 'default',
      messageId: `m${i}`,
      text: SAD_TEXT,
      role: 'user',
    });
  const sad = await value<Pair>(page, 'mood/get', { personaId: 'default' });
  expect(sad.mood.feeling).toBe('sad');
  expect(sad.relationship.familiarity).toBeGreaterThan(0);

  // A stopped worker: the next message wakes a new instance, which reads IndexedDB.
  await stopServiceWorker(context, extensionId);
  const woken = await value<Pair>(page, 'mood/get', { personaId: 'default' });
  expect(woken.mood.feeling).toBe('sad');
  expect(woken.mood.updatedAt).toBe(sad.mood.updatedAt);
  expect(woken.mood.pad.p).toBeCloseTo(sad.mood.pad.p, 3);
  expect(woken.relationship).toEqual(sad.relationship);

  // A browser restart.
  const relaunched = await restartBrowser();
  page = await openOptions(relaunched.context, relaunched.extensionId);
  const restarted = await value<Pair>(page, 'mood/get', { personaId: 'default' });
  expect(restarted.mood.updatedAt).toBe(sad.mood.updatedAt);
  expect(restarted.mood.pad.p).toBeCloseTo(sad.mood.pad.p, 3);
  expect(restarted.relationship).toEqual(sad.relationship);

  // Eight hours later by the background's clock (two half-lives): exactly the closed form.
  await setLocal(page, { [CLOCK_OFFSET_KEY]: 8 * HOUR });
  await stopServiceWorker(relaunched.context, relaunched.extensionId);
  const before = Date.now();
  const later = await value<Pair>(page, 'mood/get', { personaId: 'default' });
  const after = Date.now();
  const { updatedAt, pad } = sad.mood;
  const base = DEFAULT_TEMPERAMENT.baseline;
  for (const axis of ['p', 'a', 'd'] as const) {
    // The background read its clock between `before` and `after`.
    const bounds = [
      decayed(pad[axis], base[axis], before + 8 * HOUR - updatedAt),
      decayed(pad[axis], base[axis], after + 8 * HOUR - updatedAt),
    ].sort((x, y) => x - y);
    // 1e-6 is ~150 ms of decay here: the two processes' clocks and the earlier reading's own
    // few ms of decay (it is reported decayed to its read time) differ by that much; a wrong
    // formula or no decay at all is off by ~0.1.
    expect(later.mood.pad[axis]).toBeGreaterThanOrEqual(bounds[0]! - 1e-6);
    expect(later.mood.pad[axis]).toBeLessThanOrEqual(bounds[1]! + 1e-6);
  }
  // Roughly a quarter of the way from the baseline it was.
  expect((later.mood.pad.p - base.p) / (pad.p - base.p)).toBeCloseTo(0.25, 2);
  // Absence lowers nothing in the relationship.
  expect(later.relationship).toEqual(sad.relationship);

  // Reset: back to the temperament and a new relationship, both logged.
  const reset = await value<Pair>(page, 'mood/reset', { personaId: 'default', what: 'both' });
  expect(reset.mood.pad).toEqual(base);
  expect(reset.relationship).toMatchObject({ familiarity: 0, stage: 'new' });
  await stopServiceWorker(relaunched.context, relaunched.extensionId);
  expect((await value<Pair>(page, 'mood/get', { personaId: 'default' })).mood.pad).toEqual(base);
  const log = await value<MoodLogEntry[]>(page, 'mood/history', { personaId: 'default' });
  expect(log.map((e) => e.cause).slice(-2)).toEqual(['reset-mood', 'reset-relationship']);
  expect(log.filter((e) => e.kind === 'mood').map((e) => e.messageId)).toEqual(['m0', 'm1', 'm2', 'm3']);

  // Bad input is refused with a clear error.
  const bad = await send(page, 'mood/reset', { personaId: 'default', what: 'everything' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
});

test.describe('in the chat', () => {
  test('a sad message: the reply’s prompt already carries the mood after it, even with the worker just stopped', async ({
    context,
    extensionId,
    llm,
  }) => {
    const page = await openSidePanel(context, extensionId);
    await setLocal(page, { [SCRIPTED_APPRAISALS_KEY]: { [SAD_TEXT]: SAD } });
    const panel = new PanelPage(page);
    await panel.connectEndpoint(llm.baseUrl, 'test-model');
    await panel.waitForEngine();
    for (let i = 0; i < 4; i++) {
      await stopServiceWorker(context, extensionId);
      llm.enqueue({ kind: 'reply', text: `I am sorry (${i}).` });
      await panel.send(SAD_TEXT);
      await expect(panel.lastReply()).toContainText(`I am sorry (${i}).`);
      await panel.waitForIdle();
    }
    const system = (llm.chatRequests().at(-1)!.body as { messages: { role: string; content: string }[] })
      .messages[0]!.content;
    expect(system).toMatch(/You feel sad: unhappy/);
    expect(system).toMatch(/a message from the user \(sadness 90%\) lowered your mood/);
  });

  test('a self-harm signal shows the fixed care response before the model’s reply', async ({
    context,
    extensionId,
    llm,
  }) => {
    const panel = await openConnectedPanel(context, extensionId, llm);
    llm.enqueue({ kind: 'reply', text: 'Thank you for telling me.' });
    // No scripted appraisal: the mood cannot answer, and the care response still shows.
    await panel.send('I want to kill myself');
    await expect(panel.lastReply()).toContainText('Thank you for telling me.');
    // Hearth's own fixed words come first, then the model's reply.
    // (The persona's greeting, which opened the conversation, is not one of them.)
    const replies = panel.log.locator('article.msg-assistant:not(.msg-greeting)');
    await expect(replies).toHaveCount(2);
    await expect(replies.first()).toContainText('findahelpline.com');
    await expect(replies.first()).toContainText('call or text 988');
    await expect(replies.last()).toContainText('Thank you for telling me.');
  });
});
