// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushToTalk } from './PushToTalk';
import { DEFAULT_VOICE_SETTINGS } from '../../lib/voice/voice-settings';

/** The Web Speech API's recognition at the edge: the test says what was heard, or fails it. */
class FakeRecognition {
  static last: FakeRecognition | null = null;
  lang = '';
  interimResults = true;
  continuous = false;
  onresult: ((e: { results: { transcript: string }[][] }) => void) | null = null;
  onerror: ((e: { error: string }) => void) | null = null;
  onend: (() => void) | null = null;
  started = false;
  constructor() {
    FakeRecognition.last = this;
  }
  start() {
    this.started = true;
  }
  stop() {
    this.onend?.();
  }
  abort() {
    this.onend?.();
  }
}

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
  (globalThis as unknown as { webkitSpeechRecognition: unknown }).webkitSpeechRecognition = FakeRecognition;
});
afterEach(() => {
  render(null, host);
  host.remove();
  delete (globalThis as unknown as { webkitSpeechRecognition?: unknown }).webkitSpeechRecognition;
});
const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const button = () => host.querySelector('button')!;

describe('PushToTalk', () => {
  it('silences speech as it starts, says where the voice goes, and puts what was heard in the composer', async () => {
    const events: string[] = [];
    render(
      <PushToTalk
        input={DEFAULT_VOICE_SETTINGS.input}
        onStart={() => events.push('start')}
        onText={(t) => events.push(t)}
      />,
      host,
    );
    await act(async () => button().click());
    await flush();
    expect(events).toEqual(['start']);
    expect(FakeRecognition.last?.started).toBe(true);
    expect(host.textContent).toContain("sends your voice to its maker's online service");
    expect(button().getAttribute('aria-pressed')).toBe('true');
    FakeRecognition.last!.onresult?.({ results: [[{ transcript: 'hello there' }]] });
    await act(async () => button().click());
    await flush();
    expect(events).toEqual(['start', 'hello there']);
  });

  it('offers the microphone page when recognition is not allowed', async () => {
    render(<PushToTalk input={DEFAULT_VOICE_SETTINGS.input} onStart={() => {}} onText={() => {}} />, host);
    await act(async () => button().click());
    await flush();
    FakeRecognition.last!.onerror?.({ error: 'not-allowed' });
    await act(async () => button().click());
    await flush();
    expect(host.querySelector('[role="alert"]')?.textContent).toContain(
      'Hearth may not use the microphone yet.',
    );
    expect(host.textContent).toContain('Allow the microphone (opens a tab)');
  });
});
