import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY } from '../privacy/settings';
import { readPrivacy } from '../privacy/read-privacy';
import {
  originsToRequest,
  READER_SCRIPT_ID,
  syncReaderRegistration,
  type ReaderScript,
} from './reader-registration';

function fakeScripting(grantedPatterns: string[]) {
  const scripts = new Map<string, ReaderScript>();
  return {
    scripts,
    api: {
      registeredIds: async () => [...scripts.keys()],
      register: async (s: ReaderScript) => void scripts.set(s.id, s),
      unregister: async (id: string) => void scripts.delete(id),
      granted: async (p: string) => grantedPatterns.includes(p),
    },
  };
}

const allowing = {
  ...DEFAULT_PRIVACY,
  noticeBrowsing: true,
  rules: [
    { host: 'wikipedia.org', kind: 'allow' as const },
    { host: 'example.org', kind: 'allow' as const },
  ],
};

describe('syncReaderRegistration', () => {
  it('registers the reader for allowed, granted sites only, excluding sign-in and checkout pages', async () => {
    const { api, scripts } = fakeScripting(['*://wikipedia.org/*', '*://*.wikipedia.org/*']);
    expect(await syncReaderRegistration(api, allowing)).toEqual([
      '*://wikipedia.org/*',
      '*://*.wikipedia.org/*',
    ]);
    const script = scripts.get(READER_SCRIPT_ID)!;
    expect(script.js).toEqual(['content-scripts/page.js']);
    expect(script.matches).not.toContain('*://example.org/*');
    expect(script.excludeMatches).toContain('*://*/checkout*');
    expect(script.allFrames).toBe(false);
  });

  it('registers one scheme when only that one was granted', async () => {
    const { api, scripts } = fakeScripting(['http://wikipedia.org/*']);
    expect(await syncReaderRegistration(api, allowing)).toEqual(['http://wikipedia.org/*']);
    expect(scripts.get(READER_SCRIPT_ID)!.matches).toEqual(['http://wikipedia.org/*']);
  });

  it.each([
    ['off by default', DEFAULT_PRIVACY],
    ['paused', { ...allowing, paused: true }],
    ['no allowed site', { ...allowing, rules: [] }],
  ])('registers nothing when %s, and removes an earlier registration', async (_name, privacy) => {
    const { api, scripts } = fakeScripting(['*://wikipedia.org/*']);
    await syncReaderRegistration(api, allowing);
    expect(scripts.size).toBe(1);
    expect(await syncReaderRegistration(api, privacy)).toEqual([]);
    expect(scripts.size).toBe(0);
  });

  it('asks for the allowed sites’ origins when switched on', () => {
    expect(originsToRequest(allowing)).toEqual([
      '*://wikipedia.org/*',
      '*://*.wikipedia.org/*',
      '*://example.org/*',
      '*://*.example.org/*',
    ]);
  });
});

describe('readPrivacy', () => {
  const area = (value: unknown) => ({ get: async () => ({ settings: value }) });
  it('reads the privacy section, and falls back to the defaults when absent or damaged', async () => {
    expect(await readPrivacy(area({ version: 3, value: { privacy: allowing } }))).toEqual(allowing);
    expect(await readPrivacy(area(undefined))).toEqual(DEFAULT_PRIVACY);
    expect(await readPrivacy(area({ version: 3, value: { privacy: { paused: 'yes' } } }))).toEqual(
      DEFAULT_PRIVACY,
    );
  });
});
