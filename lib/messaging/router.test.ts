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
    'page/current': vi.fn(async () => null),
  };
}

describe('classifySender', () => {
  it('accepts our pages and our content scripts, nobody else', () => {
    expect(classifySender(page, 'ext-id', identity.origin)).toEqual({ kind: 'extension' });
    expect(classifySender(content, 'ext-id', identity.origin)).toEqual({ kind: 'content', tabId: 7 });
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
      { kind: 'content', tabId: 7 },
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
