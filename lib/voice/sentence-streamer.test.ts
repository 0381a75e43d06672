import { describe, expect, it } from 'vitest';
import { createSentenceStreamer } from './sentence-streamer';

describe('sentence streamer', () => {
  it('emits the first sentence as soon as the second begins, each sentence once, the last at the end', () => {
    const emitted: string[][] = [];
    const streamer = createSentenceStreamer((pieces) => emitted.push(pieces));
    const reply = 'Hello there! I was thinking about your trip. Did you **enjoy** it?';
    for (let i = 1; i <= reply.length; i++) streamer.update(reply.slice(0, i));
    expect(emitted).toEqual([['Hello there!'], ['I was thinking about your trip.']]);
    streamer.finish(reply);
    expect(emitted.at(-1)).toEqual(['Did you enjoy it?']);
    streamer.finish(reply); // a second finish adds nothing
    expect(emitted).toHaveLength(3);
  });

  it('never reads a code block that is still streaming', () => {
    const emitted: string[] = [];
    const streamer = createSentenceStreamer((pieces) => emitted.push(...pieces));
    const reply = 'Try this. It works.\n\n```js\nconst a = 1. const b = 2. const c = 3.\n```\n\nThat is all.';
    for (let i = 1; i <= reply.length; i++) streamer.update(reply.slice(0, i));
    streamer.finish(reply);
    expect(emitted.join(' ')).toBe('Try this. It works. That is all.');
  });
});

describe('sentence streamer when earlier Markdown reads differently later', () => {
  it('never reads an inline code span still open, and still says the sentences after it closes', () => {
    const emitted: string[] = [];
    const streamer = createSentenceStreamer((pieces) => emitted.push(...pieces));
    const reply =
      'I would love to hear **everything**, from start to end. Run ``npm run the thing. Now`` please.\n\n' +
      'See https://example.com for nothing at all. *smiles*';
    for (let i = 8; i < reply.length; i += 8) streamer.update(reply.slice(0, i));
    streamer.update(reply);
    streamer.finish(reply);
    expect(emitted).toEqual([
      'I would love to hear everything, from start to end.',
      'Run please.',
      'See for nothing at all.',
    ]);
  });
});
