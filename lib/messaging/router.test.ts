import { describe, expect, it, vi } from 'vitest';
import { createRouter, classifySender, type Handlers } from './router';
import { request } from './client';
import { ProtocolError } from './result';

const identity = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const page = { id: 'ext-id', url: 'chrome-extension://ext-id/sidepanel.html' };
const content = { id: 'ext-id', url: 'https://example.com/a', tab: { id: 7 } };

function handlers(): Handlers {
  return {
    'background/status': vi.fn(async () => ({
      version: '1',
      instanceStartedAt: 1,
      wakeCount: 2,
      trackedTabs: 0,
    })),
    'page/report': vi.fn(async () => ({ accepted: true })),
    'page/visible': vi.fn(async () => ({ accepted: true })),
    'page/take-ask': vi.fn(async () => null),
    'page/current': vi.fn(async () => null),
    // The page comment messages are tested in lib/companion/background/page-comments.test.ts.
    'page/comment-poll': vi.fn(async () => ({
      focus: null,
      decision: { speak: false, reason: 'off', why: '' },
      offer: null,
    })),
    'page/comment-shown': vi.fn(async () => ({ bubble: false })),
    'page/comment-reaction': vi.fn(async () => ({ recorded: false })),
    // The mood messages are tested in lib/companion/background/mood-handlers.test.ts.
    'mood/appraise': vi.fn(async () => {
      throw new Error('not used here');
    }),
    'mood/get': vi.fn(async () => {
      throw new Error('not used here');
    }),
    'mood/history': vi.fn(async () => []),
    'mood/reset': vi.fn(async () => {
      throw new Error('not used here');
    }),
    'mood/pause': vi.fn(async () => {
      throw new Error('not used here');
    }),
    'mood/export': vi.fn(async () => {
      throw new Error('not used here');
    }),
    'outbox/kick': vi.fn(async () => ({ started: true })),
  };
}

describe('classifySender', () => {
  it('accepts our pages and our content scripts, nobody else', () => {
    expect(classifySender(page, 'ext-id', identity.origin)).toEqual({ kind: 'extension' });
    expect(classifySender(content, 'ext-id', identity.origin)).toEqual({
      kind: 'content',
      tabId: 7,
      url: 'https://example.com/a',
      topFrame: true,
    });
    // The page's address as the browser gives it: sender.url, else the tab's.
    expect(
      classifySender(
        { id: 'ext-id', frameId: 2, tab: { id: 7, url: 'https://t.test/' } },
        'ext-id',
        identity.origin,
      ),
    ).toEqual({ kind: 'content', tabId: 7, url: 'https://t.test/', topFrame: false });
    expect(
      classifySender({ id: 'ext-id', url: 'https://x.test/', tab: { id: -1 } }, 'ext-id', identity.origin),
    ).toBeNull();
    expect(classifySender({ url: identity.origin + 'x.html' }, 'ext-id', identity.origin)).toBeNull();
    expect(classifySender({ ...page, id: 'other' }, 'ext-id', identity.origin)).toBeNull();
    expect(classifySender({ id: 'ext-id', url: 'https://x.test/' }, 'ext-id', identity.origin)).toBeNull();
  });
});

describe('router', () => {
  it('routes a valid message to its handler with the verified sender', async () => {
    const h = handlers();
    const route = createRouter(h, identity);
    const result = await route(
      { hearth: 1, type: 'page/report', payload: { url: 'https://example.com/a', title: 'A' } },
      content,
    );
    expect(result).toEqual({ ok: true, value: { accepted: true } });
    expect(h['page/report']).toHaveBeenCalledWith(
      { url: 'https://example.com/a', title: 'A', selection: '' },
      { kind: 'content', tabId: 7, url: 'https://example.com/a', topFrame: true },
    );
  });

  it.each([
    ['not an envelope', 'hello', page, 'bad-request'],
    ['unknown type', { hearth: 1, type: 'nope', payload: {} }, page, 'unknown-type'],
    [
      'bad payload',
      { hearth: 1, type: 'page/report', payload: { url: 'not a url', title: 1 } },
      content,
      'bad-request',
    ],
    ['extra fields', { hearth: 1, type: 'background/status', payload: { evil: true } }, page, 'bad-request'],
    [
      'a javascript: page',
      { hearth: 1, type: 'page/report', payload: { url: 'javascript:alert(document.cookie)', title: '' } },
      content,
      'bad-request',
    ],
    [
      'a file: page',
      { hearth: 1, type: 'page/report', payload: { url: 'file:///etc/passwd', title: '' } },
      content,
      'bad-request',
    ],
    [
      'an oversized title',
      { hearth: 1, type: 'page/report', payload: { url: 'https://a.b/', title: 'x'.repeat(501) } },
      content,
      'bad-request',
    ],
    ['a wrong envelope version', { hearth: 2, type: 'background/status', payload: {} }, page, 'bad-request'],
    ['an inherited property as type', { hearth: 1, type: 'toString', payload: {} }, page, 'unknown-type'],
    [
      'a sender with no id',
      { hearth: 1, type: 'background/status', payload: {} },
      { url: page.url },
      'forbidden',
    ],
    [
      'content script asking for extension-only data',
      { hearth: 1, type: 'page/current', payload: {} },
      content,
      'forbidden',
    ],
    [
      'page pretending to be a content script',
      { hearth: 1, type: 'page/report', payload: { url: 'https://a.b/', title: '' } },
      page,
      'forbidden',
    ],
    [
      'another extension',
      { hearth: 1, type: 'background/status', payload: {} },
      { ...page, id: 'evil' },
      'forbidden',
    ],
  ])('refuses %s with a typed error and calls no handler', async (_name, raw, sender, code) => {
    const h = handlers();
    const result = await createRouter(h, identity)(raw, sender);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it('passes on a handler’s own refusal with its code', async () => {
    const h = handlers();
    h['page/report'] = async () => {
      throw new ProtocolError('forbidden', 'Not your page.');
    };
    expect(
      await createRouter(h, identity)(
        { hearth: 1, type: 'page/report', payload: { url: 'https://a.b/', title: '' } },
        content,
      ),
    ).toEqual({ ok: false, error: { code: 'forbidden', message: 'Not your page.' } });
  });

  it('reports a handler failure and an invalid handler answer as internal errors', async () => {
    const h = handlers();
    h['page/current'] = async () => {
      throw new Error('boom');
    };
    h['background/status'] = async () => ({ version: 1 }) as never;
    const route = createRouter(h, identity);
    expect(await route({ hearth: 1, type: 'page/current', payload: {} }, page)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
    const bad = await route({ hearth: 1, type: 'background/status', payload: {} }, page);
    expect(bad.ok === false && bad.error.code).toBe('internal');
  });
});

describe('client', () => {
  it('round-trips through the router and turns an error result into ProtocolError', async () => {
    const route = createRouter(handlers(), identity);
    const transport = (envelope: unknown) => route(envelope, page);
    expect(await request(transport, 'page/current', {})).toBeNull();
    await expect(request(transport, 'page/report', { url: 'https://a.b/', title: 'x' })).rejects.toThrow(
      ProtocolError,
    );
  });

  it('rejects a reply that does not match the protocol', async () => {
    await expect(
      request(async () => ({ ok: true, value: { tabId: 'x' } }), 'page/current', {}),
    ).rejects.toMatchObject({
      code: 'internal',
    });
    await expect(request(async () => undefined, 'page/current', {})).rejects.toMatchObject({
      code: 'internal',
    });
    await expect(
      request(
        async () => {
          throw new Error('Could not establish connection');
        },
        'page/current',
        {},
      ),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });
});
