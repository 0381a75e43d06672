import { describe, expect, it } from 'vitest';
import { speakableText } from './speakable-text';

describe('speakableText', () => {
  it('reads the words of Markdown, not its marks', () => {
    expect(speakableText('# Title\n\nThis is **bold** and _stressed_ and ~~gone~~ text.')).toBe(
      'Title. This is bold and stressed and gone text.',
    );
    expect(speakableText('- one\n- two\n\n> quoted line')).toBe('one. two. quoted line.');
  });

  it('never reads code blocks, inline code or an unfinished fence', () => {
    const text = speakableText('Run this:\n\n```js\nconsole.log("hi")\n```\n\nThen `npm test` passes.');
    expect(text).toBe('Run this: Then passes.');
    expect(speakableText('Look:\n\n```py\nprint(1)')).toBe('Look:');
    expect(speakableText('Indented:\n\n    let x = 1;\n\nDone.')).toBe('Indented: Done.');
  });

  it('reads a link by its words, never an address', () => {
    expect(speakableText('See [the docs](https://example.com/docs) or https://example.org/x now.')).toBe(
      'See the docs or now.',
    );
    expect(speakableText('Go to www.example.com today.')).toBe('Go to today.');
    expect(speakableText('![a cat](https://example.com/cat.png) Nice.')).toBe('Nice.');
  });

  it('leaves out action and emotion tags but keeps a stressed word', () => {
    expect(speakableText('*smiles* Hello there! *waves* [happy] How are you?')).toBe(
      'Hello there! How are you?',
    );
    expect(speakableText('I *really* like that.')).toBe('I really like that.');
    expect(speakableText('[sighs] Fine.')).toBe('Fine.');
  });

  it('never reads HTML the model wrote', () => {
    expect(speakableText('Hi <b>there</b>.')).not.toMatch(/<|>/);
  });

  it('is empty for a reply of only code', () => {
    expect(speakableText('```\nx\n```')).toBe('');
  });
});
