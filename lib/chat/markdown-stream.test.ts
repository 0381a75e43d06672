// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';
import { createIncrementalMarkdown } from './markdown-stream';

const reply = [
  '# Plan for the week',
  '',
  'Here is what I would do, **step by step**, with a [link](https://example.com).',
  'A second line of the same paragraph.',
  '',
  '1. Monday: rest',
  '2. Tuesday: *run*',
  '',
  '   still the second item',
  '3. Wednesday',
  '',
  '```ts',
  'const x = 1;',
  '',
  'console.log(x);',
  '```',
  '',
  '> a quote',
  'lazily continued',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  'Heading by underline',
  '---',
  '',
  '- one',
  '- two',
  '',
  '    indented code',
  '',
  '    more code',
  '',
  'The end, with `code` and ~~strike~~.',
  '#hashtag is not a heading',
  '',
].join('\n');

/** The HTML the incremental renderer shows for `text` fed in pieces of `size` characters. */
function streamed(text: string, size: number, render = renderMarkdown) {
  const md = createIncrementalMarkdown(render);
  for (let end = size; end < text.length; end += size) md.update(text.slice(0, end));
  md.update(text);
  return (
    md
      .segments()
      .map((s) => s.html)
      .join('') + md.tailHtml()
  );
}

describe('createIncrementalMarkdown', () => {
  it.each([1, 3, 17, 64, 10_000])(
    'gives the same HTML as rendering at once, fed %i characters at a time',
    (size) => {
      expect(streamed(reply, size)).toBe(renderMarkdown(reply));
    },
  );

  it('renders each part of a long streamed reply about once, not the whole reply per chunk', () => {
    const paragraph = 'Lorem ipsum dolor sit amet, *consectetur* adipiscing elit.\n\n';
    const text = paragraph.repeat(Math.ceil(100_000 / paragraph.length));
    let rendered = 0;
    const counting = (source: string) => {
      rendered += source.length;
      return renderMarkdown(source);
    };
    const md = createIncrementalMarkdown(counting);
    for (let end = 4096; end < text.length; end += 4096) {
      md.update(text.slice(0, end));
      md.tailHtml(); // the view renders the tail on every update
    }
    md.update(text);
    expect(
      md
        .segments()
        .map((s) => s.html)
        .join('') + md.tailHtml(),
    ).toBe(renderMarkdown(text));
    // Re-rendering the whole reply per update would be ~25 × 100 KB = 2.5 MB.
    expect(rendered).toBeLessThan(2 * text.length);
  });

  it('keeps finished pieces as they were while the reply grows', () => {
    const md = createIncrementalMarkdown();
    md.update('First paragraph.\n\nSecond\n');
    const first = md.segments()[0];
    expect(first?.html).toBe('<p>First paragraph.</p>\n');
    md.update('First paragraph.\n\nSecond paragraph.\n\nThird');
    expect(md.segments()[0]).toBe(first);
    // Only complete lines decide a split: "Third" is still being written.
    expect(md.tailHtml()).toBe('<p>Second paragraph.</p>\n<p>Third</p>\n');
  });

  it('starts over when the text is not a continuation (a regenerated reply)', () => {
    const md = createIncrementalMarkdown();
    md.update('Old one.\n\nOld two.\n\nOld');
    const generation = md.generation();
    md.update('New one.\n\nNew two.');
    expect(md.generation()).toBe(generation + 1);
    expect(
      md
        .segments()
        .map((s) => s.html)
        .join('') + md.tailHtml(),
    ).toBe(renderMarkdown('New one.\n\nNew two.'));
  });

  it('does not split an open code fence, however long', () => {
    const md = createIncrementalMarkdown();
    const fence = '```\n' + 'line\n\n'.repeat(50);
    md.update(fence);
    expect(md.segments()).toHaveLength(0);
    md.update(fence + '```\n\nAfter.\n');
    expect(md.segments()).toHaveLength(1);
    expect(md.segments()[0]!.html).toMatch(/^<pre><code>line/);
  });

  const payloads = [
    '<script>window.__xss=1</script>',
    '<img src=x onerror="window.__xss=1">',
    '[click](javascript:window.__xss=1)',
    '<svg><script>alert(1)</script></svg>',
    '<iframe src="https://evil.test"></iframe>',
    '```\n</code></pre><img src=x onerror=alert(1)>\n```',
    '[x](  JaVaScRiPt:alert(1))',
  ];
  it.each(payloads)('never shows live HTML at any point while %s streams in', (payload) => {
    const text = `Before.\n\n${payload}\n\nAfter ${payload} the end.\n`;
    const md = createIncrementalMarkdown();
    const host = document.createElement('div');
    for (let end = 1; end <= text.length; end++) {
      md.update(text.slice(0, end));
      host.innerHTML =
        md
          .segments()
          .map((s) => s.html)
          .join('') + md.tailHtml();
      expect(host.querySelector('script, iframe, img, svg, style, [onerror]')).toBeNull();
      for (const a of host.querySelectorAll('a'))
        expect(a.getAttribute('href') ?? '').toMatch(/^(https?:|mailto:|$)/);
    }
    expect(host.textContent).toContain('Before.');
  });
});
