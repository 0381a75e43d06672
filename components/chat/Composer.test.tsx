// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
