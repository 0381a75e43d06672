// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { renderMarkdown } from '../../lib/chat/markdown';
import { LONG_REPLY_CHARS, MarkdownBody } from './MarkdownBody';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const body = () => root.querySelector('.markdown')!;
const show = (text: string, streaming: boolean) =>
  act(() => render(<MarkdownBody text={text} streaming={streaming} />, root));

describe('MarkdownBody', () => {
  it('streams a reply without re-creating the blocks already shown, and ends with the whole reply', async () => {
    const full = '# Title\n\nFirst paragraph.\n\n- a\n- b\n\n```\ncode\n```\n\nLast *words*.';
    await show('# Ti', true);
    await vi.waitFor(() => expect(body().innerHTML).toBe(renderMarkdown('# Ti')));
    await show('# Title\n\nFirst paragraph.\n', true);
    await vi.waitFor(() => expect(body().textContent).toContain('First paragraph.'));
    const heading = body().querySelector('h1');
    expect(heading?.textContent).toBe('Title');
    for (let end = 20; end < full.length; end += 7) await show(full.slice(0, end), true);
    await show(full, false);
    expect(body().innerHTML).toBe(renderMarkdown(full));
    expect(body().querySelector('h1')).toBe(heading); // the same node: never rendered again
  });

  it('shows a stored reply at once, and starts over for a different text', async () => {
    await show('Stored **reply**.', false);
    expect(body().innerHTML).toBe(renderMarkdown('Stored **reply**.'));
    await show('Something else.', false);
    expect(body().innerHTML).toBe(renderMarkdown('Something else.'));
  });

  it('opens a long stored reply collapsed, and renders all of it after "Show all"', async () => {
    const paragraphs = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} with *some* text in it.`);
    const full = paragraphs.join('\n\n');
    expect(full.length).toBeGreaterThan(LONG_REPLY_CHARS);
    await show(full, false);
    expect(body().textContent!.length).toBeLessThan(9_000);
    expect(body().textContent).toContain('Paragraph 0 with');
    expect(body().textContent).not.toContain('Paragraph 1999');
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Show all')!;
    expect(root.textContent).toContain(`of ${full.length.toLocaleString('en')} characters`);
    await act(() => button.click());
    await vi.waitFor(() => expect(body().textContent).toContain('Paragraph 1999 with'), { timeout: 10_000 });
    expect(body().innerHTML).toBe(renderMarkdown(full));
    expect(root.querySelector('button')).toBeNull();
  });

  it('keeps a long reply the user watched stream in open', async () => {
    const full = 'Words and more words.\n\n'.repeat(Math.ceil((LONG_REPLY_CHARS + 10) / 23));
    await show(full.slice(0, 100), true);
    await show(full, false);
    expect(body().innerHTML).toBe(renderMarkdown(full));
    expect(root.querySelector('button')).toBeNull();
  });

  it('never shows live HTML from a streamed payload', async () => {
    const text =
      'Hi <img src=x onerror="window.__xss=1"> and <script>window.__xss=1</script> [x](javascript:alert(1))';
    for (let end = 1; end <= text.length; end += 5) {
      await show(text.slice(0, end), true);
      expect(body().querySelector('script, img, [onerror]')).toBeNull();
    }
    await show(text, false);
    expect(body().querySelector('script, img, [onerror]')).toBeNull();
    expect(body().querySelector('a')?.getAttribute('href') ?? '').toBe('');
  });
});
