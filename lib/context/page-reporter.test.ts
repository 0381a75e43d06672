import { describe, expect, it } from 'vitest';
import { sendPageReport } from './page-reporter';
import { createRouter } from '../messaging/router';
import { createBackgroundService } from '../companion/background/handlers';
import { memoryArea } from '../companion/background/fakes';

const identity = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const sender = { id: 'ext-id', url: 'https://a.test/', frameId: 0, tab: { id: 1 } };
const page = { url: 'https://a.test/', title: 'A', selection: '' };

/** The real background behind a transport that fails the first `failures` sends the way Chrome does. */
function flakyBackground(
  failures: number,
  message = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
) {
  const session = memoryArea();
  const route = createRouter(
    createBackgroundService({
      session,
      local: memoryArea(),
      tabs: { get: async () => ({ incognito: false }), activeTabId: async () => undefined },
      changes: { publish: () => {} },
      now: () => 1,
      version: '1',
    }).handlers,
    identity,
  );
  let sends = 0;
  const transport = async (envelope: unknown) => {
    sends++;
    if (sends <= failures) throw new Error(message);
    return route(envelope, sender);
  };
  return { transport, session, sends: () => sends };
}

describe('the content script’s page report', () => {
  it('is sent again once when the stopped worker closed the channel, and then kept', async () => {
    const bg = flakyBackground(1);
    expect(await sendPageReport(bg.transport, page)).toEqual({ accepted: true });
    expect(bg.sends()).toBe(2);
    expect(Object.keys(bg.session.data.pageContexts as object)).toEqual(['1']);
  });

  it('gives up after one retry with the browser’s words', async () => {
    const bg = flakyBackground(2);
    await expect(sendPageReport(bg.transport, page)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/message channel closed/),
    });
    expect(bg.sends()).toBe(2);
    expect(bg.session.data.pageContexts).toBeUndefined();
  });

  it('does not retry a refusal', async () => {
    const bg = flakyBackground(0);
    await expect(sendPageReport(bg.transport, { ...page, url: 'https://other.test/' })).rejects.toMatchObject(
      {
        code: 'forbidden',
      },
    );
    expect(bg.sends()).toBe(1);
  });
});
