import { createRequire } from 'node:module';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../lib/db/records';
import { pictographControls } from '../ui/glyph-check';
import type { MessageList as MessageListType } from './MessageList';

// A DOM of its own in the node environment, as in DataPanel.test.tsx: under vitest's jsdom
// environment `wxt/browser` (imported by MessageItem) pulls in esbuild, which refuses jsdom's
// TextEncoder.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: Window & typeof globalThis };
};
const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
// Imported once the DOM exists: DOMPurify (via the markdown renderer) binds to the window it
// finds when it loads.
let MessageList: typeof MessageListType;
beforeAll(async () => {
  ({ MessageList } = await import('./MessageList'));
});

let root: HTMLElement;
/** The elements scrollIntoView was called on (jsdom has no layout, so no scrollIntoView). */
let revealed: Element[];

beforeEach(() => {
  revealed = [];
  dom.window.HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) {
    revealed.push(this);
  };
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  delete (dom.window.HTMLElement.prototype as Partial<HTMLElement>).scrollIntoView;
});

const message = (
  id: string,
  role: 'user' | 'assistant',
  patch: Partial<MessageRecord> = {},
): MessageRecord => ({
  id,
  conversationId: 'c1',
  seq: Number(id.slice(1)),
  role,
  content: `${role} text ${id}`,
  createdAt: 1_700_000_000_000,
  status: 'complete',
  ...patch,
});

function list(messages: MessageRecord[], streamingId: string | null = null) {
  return (
    <MessageList
      messages={messages}
      hasOlder={false}
      streamingId={streamingId}
      personaName="Ember"
      greetings={['Hello']}
      greetingIndex={0}
      onSwipeGreeting={() => {}}
      forgotten={new Set()}
      onLoadOlder={async () => {}}
      onRegenerate={() => {}}
      onEdit={() => {}}
    />
  );
}

describe('an error that ends a reply', () => {
  it('is scrolled into view when the reply fails', async () => {
    const user = message('m1', 'user');
    const reply = message('m2', 'assistant', { content: 'Partial answer' });
    await act(() => render(list([user, reply], 'm2'), root));
    expect(revealed).toEqual([]);

    const failed = { ...reply, status: 'error' as const, error: 'The reply was cut off.' };
    await act(() => render(list([user, failed]), root));
    const alert = root.querySelector('article:last-of-type [role="alert"]');
    expect(alert?.textContent).toBe('The reply was cut off.');
    expect(revealed).toEqual([alert!.closest('article')]);
  });

  it('is scrolled into view when a failed reply arrives already failed', async () => {
    const user = message('m1', 'user');
    await act(() => render(list([user]), root));
    const failed = message('m2', 'assistant', { content: '', status: 'error', error: 'No answer.' });
    await act(() => render(list([user, failed]), root));
    expect(revealed.map((el) => el.querySelector('[role="alert"]')?.textContent)).toEqual(['No answer.']);
  });

  it('an earlier error does not pull the view away from a later reply', async () => {
    const old = message('m2', 'assistant', { status: 'error', error: 'Old failure.' });
    await act(() => render(list([message('m1', 'user'), old, message('m3', 'user')]), root));
    await act(() =>
      render(list([message('m1', 'user'), old, message('m3', 'user'), message('m4', 'assistant')]), root),
    );
    expect(revealed).toEqual([]);
  });

  it('shows no pictograph as a control (Copy, Edit, Regenerate are words)', async () => {
    await act(() => render(list([message('m1', 'user'), message('m2', 'assistant')]), root));
    const names = [...root.querySelectorAll('button')].map((b) => b.textContent);
    expect(names).toEqual(['Copy', 'Edit', 'Copy', 'Regenerate']);
    expect(pictographControls(root)).toEqual([]);
  });
});
