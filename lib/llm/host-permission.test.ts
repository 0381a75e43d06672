import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ensureHostPermission, originPatternFor } from './host-permission';

describe('originPatternFor', () => {
  it.each([
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1/*'],
    ['http://localhost:11434', 'http://localhost/*'],
    ['https://api.example.com/v1/chat/completions?x=1', 'https://api.example.com/*'],
    ['http://[::1]:1234/v1', 'http://[::1]/*'],
    ['HTTP://Example.COM', 'http://example.com/*'],
  ])('%s → %s', (url, pattern) => {
    expect(originPatternFor(url)).toBe(pattern);
  });

  it.each(['file:///etc/passwd', 'chrome://settings', 'not a url'])('refuses %s', (url) => {
    expect(() => originPatternFor(url)).toThrow(TypeError);
  });
});

// fake-browser leaves `permissions` unimplemented; these stand in for the browser's answers.
describe('ensureHostPermission', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('does not ask again when the host is already granted', async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    expect(await ensureHostPermission('http://127.0.0.1:11434/v1')).toBe(true);
    expect(contains).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    expect(request).not.toHaveBeenCalled();
  });

  it('asks for that one host and returns the answer', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    expect(await ensureHostPermission('https://llm.example.org/v1')).toBe(false);
    expect(request).toHaveBeenCalledWith({ origins: ['https://llm.example.org/*'] });
  });

  it('returns false when the browser will not ask (no user gesture)', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    vi.spyOn(fakeBrowser.permissions, 'request').mockRejectedValue(
      new Error('must be called during a user gesture'),
    );
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await ensureHostPermission('http://127.0.0.1:8080')).toBe(false);
  });

  it('returns false for an address that cannot be granted', async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, 'contains');
    expect(await ensureHostPermission('ftp://files.example.org')).toBe(false);
    expect(contains).not.toHaveBeenCalled();
  });
});
