// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { PageVisible } from '../messaging/protocol';
import { answerArticleRequest, createInPlaceArticleHost, createOffscreenArticleHost } from './article-host';

const parser = new DOMParser();
const parse = (html: string) => parser.parseFromString(html, 'text/html');
const snapshot: PageVisible = {
  url: 'https://a.test/otters',
  title: 'Otters',
  selection: '',
  html: `<h1>Otters</h1>${'<p>Sea otters hold hands while they sleep so that they do not drift apart on the tide.</p>'.repeat(6)}`,
  hiddenChars: 0,
  hiddenByReason: {},
  hiddenSample: '',
  cost: { longestTaskMs: 1, totalMs: 1, tasks: 1 },
};

/** An offscreen document that starts listening only after `deafFor` messages, created once. */
function fakeOffscreen(deafFor = 0) {
  let exists = false;
  let created = 0;
  let heard = 0;
  return {
    get created() {
      return created;
    },
    api: {
      hasDocument: async () => exists,
      createDocument: async () => {
        if (exists) throw new Error('Only a single offscreen document may be created.');
        await new Promise((r) => setTimeout(r, 5));
        exists = true;
        created += 1;
      },
      send: async (message: unknown) => {
        if (heard++ < deafFor) throw new Error('Receiving end does not exist.');
        let answer: unknown;
        answerArticleRequest(message, parse, (a) => (answer = a));
        return answer;
      },
    },
  };
}

describe('article hosts', () => {
  it('creates the offscreen document once for snapshots that arrive together, and reads each', async () => {
    const offscreen = fakeOffscreen();
    const host = createOffscreenArticleHost(offscreen.api);
    const reads = await Promise.all([host(snapshot), host(snapshot), host(snapshot)]);
    expect(offscreen.created).toBe(1);
    for (const read of reads) expect(read.text).toContain('Sea otters hold hands');
  });

  it('asks again while a new document is not listening yet, and fails in words when it never answers', async () => {
    expect((await createOffscreenArticleHost(fakeOffscreen(2).api)(snapshot)).article).toBe(true);
    await expect(createOffscreenArticleHost(fakeOffscreen(10).api)(snapshot)).rejects.toThrow(
      /did not answer/,
    );
  });

  it('reads in place where there is a DOM, and the listener ignores messages not for it', async () => {
    expect((await createInPlaceArticleHost(parse)(snapshot)).headings).toEqual(['Otters']);
    let answered = false;
    expect(answerArticleRequest({ hearth: 1, type: 'page/report' }, parse, () => (answered = true))).toBe(
      false,
    );
    expect(answered).toBe(false);
  });
});
