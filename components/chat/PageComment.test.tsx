// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../lib/db/records';
import type { Reaction } from '../../lib/page/comment-history';
import { PageCommentActions, PageCommentContext, PageCommentHeader } from './PageComment';

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
});
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

const message = (reaction?: Reaction): MessageRecord => ({
  id: 'm1',
  conversationId: 'c',
  seq: 1,
  role: 'assistant',
  content: 'Otters!',
  createdAt: 1,
  status: 'complete',
  pageComment: {
    commentId: 'pc1',
    kind: 'comment',
    url: 'https://news.test/otters',
    title: 'Sea otters',
    why: 'Because you stayed.',
    ...(reaction ? { reaction } : {}),
  },
});

describe('a page comment in the chat', () => {
  it('names the page as a link and discloses why', async () => {
    await act(() => render(<PageCommentHeader comment={message().pageComment!} />, host));
    const link = host.querySelector('a')!;
    expect(link.textContent).toBe('Sea otters');
    expect(link.getAttribute('href')).toBe('https://news.test/otters');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(host.querySelector('summary')!.textContent).toBe('Why this comment');
    expect(host.querySelector('details p')!.textContent).toBe('Because you stayed.');
  });

  it('reports one reaction, then shows it chosen and the others disabled', async () => {
    const seen: Reaction[] = [];
    const tree = (m: MessageRecord) => (
      <PageCommentContext.Provider value={(_m, r) => seen.push(r)}>
        <PageCommentActions message={m} />
      </PageCommentContext.Provider>
    );
    await act(() => render(tree(message()), host));
    const buttons = () => [...host.querySelectorAll('button')];
    expect(buttons().map((b) => b.textContent)).toEqual(['Nice comment', 'Not helpful', 'Dismiss']);
    await act(() => buttons()[2]!.click());
    expect(seen).toEqual(['dismissed']);
    await act(() => render(tree(message('dismissed')), host));
    expect(buttons().map((b) => [b.getAttribute('aria-pressed'), b.disabled])).toEqual([
      ['false', true],
      ['false', true],
      ['true', false],
    ]);
    await act(() => buttons()[2]!.click());
    expect(seen).toEqual(['dismissed']);
  });

  it('shows no actions outside a panel that handles them', async () => {
    await act(() => render(<PageCommentActions message={message()} />, host));
    expect(host.querySelector('button')).toBeNull();
  });
});
