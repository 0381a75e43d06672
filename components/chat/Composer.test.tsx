// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../lib/chat/message-limits';
import { Composer } from './Composer';

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
});
// Let Preact's after-paint timers fire while jsdom still provides what they call.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

const box = () => host.querySelector('textarea')!;

async function typeAndSend(text: string) {
  await act(() => {
    box().value = text;
    box().dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => {
    host.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

function mount(onSend: (text: string) => Promise<boolean>) {
  render(<Composer disabled={false} streaming={false} enterSends onSend={onSend} onStop={() => {}} />, host);
}

describe('Composer', () => {
  it('keeps the typed text when the message could not be stored', async () => {
    const sent: string[] = [];
    await act(() => mount(async (text) => (sent.push(text), false)));
    await typeAndSend('Hello on a full disk');
    expect(sent).toEqual(['Hello on a full disk']);
    expect(box().value).toBe('Hello on a full disk');
  });

  it('clears the box once the message is stored', async () => {
    await act(() => mount(async () => true));
    await typeAndSend('Hello');
    expect(box().value).toBe('');
  });

  it('refuses a message longer than a backup can import, says why, and keeps the text', async () => {
    const sent: string[] = [];
    await act(() => mount(async (text) => (sent.push(text), true)));
    await typeAndSend('x'.repeat(MAX_MESSAGE_CHARS + 1));
    expect(sent).toEqual([]);
    expect(box().value).toHaveLength(MAX_MESSAGE_CHARS + 1);
    expect(host.querySelector('[role="alert"]')?.textContent).toMatch(/up to 2,000,000\. Shorten it/);
    expect(host.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(true);
    await typeAndSend('x'.repeat(MAX_MESSAGE_CHARS));
    expect(sent).toHaveLength(1);
    expect(host.querySelector('[role="alert"]')).toBeNull();
  });
});
