// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FEELINGS } from '../../lib/mood/types';
import { Avatar } from './Avatar';
import { createTestMoodClient, type TestMoodClient } from './test-mood-client';

let host: HTMLDivElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
  vi.unstubAllGlobals();
});
// Let Preact's after-paint timers fire while jsdom still provides what they call.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

const face = () => host.querySelector<HTMLElement>('[role="img"]');
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

async function mount(client: TestMoodClient, images?: Record<string, string>) {
  await act(() =>
    render(<Avatar client={client} personaId="default" personaName="Ember" images={images} />, host),
  );
  await settle();
}

/** A matchMedia whose reduced-motion answer the test sets and can change. */
function stubReducedMotion(matches: boolean) {
  const listeners = new Set<() => void>();
  const list = {
    matches,
    media: '(prefers-reduced-motion: reduce)',
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  vi.stubGlobal('matchMedia', (query: string) => {
    expect(query).toBe('(prefers-reduced-motion: reduce)');
    return list;
  });
  return {
    set(next: boolean) {
      list.matches = next;
      listeners.forEach((l) => l());
    },
  };
}

describe('Avatar', () => {
  it('names the feeling and shows only its features, for every feeling, following live changes', async () => {
    const client = createTestMoodClient({ feeling: 'calm' });
    await mount(client);
    for (const feeling of FEELINGS) {
      await act(() => client.feel(feeling));
      await settle();
      expect(face()?.getAttribute('aria-label')).toBe(`Ember feels ${feeling}`);
      const shown = [...host.querySelectorAll('.face-features.on')].map((g) =>
        g.getAttribute('data-feeling'),
      );
      expect(shown).toEqual([feeling]);
      // Each feeling has a drawing of its own: the visible features differ from every other's.
      expect(host.querySelector('.face-features.on')!.innerHTML.length).toBeGreaterThan(50);
    }
    const drawings = [...host.querySelectorAll('.face-features')].map((g) => g.innerHTML);
    expect(new Set(drawings).size).toBe(FEELINGS.length);
  });

  it('shows nothing before the mood is known and stops listening when it goes', async () => {
    const client = createTestMoodClient();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const read = client.current.bind(client);
    client.current = async (id) => (await gate, read(id));
    await mount(client);
    expect(face()).toBeNull();
    release();
    await settle();
    expect(face()?.getAttribute('aria-label')).toBe('Ember feels calm');
    const unsubscribed = vi.fn();
    const subscribe = client.subscribe.bind(client);
    client.subscribe = (l) => {
      const stop = subscribe(l);
      return () => (unsubscribed(), stop());
    };
    await act(() => render(null, host));
    await mount(client);
    await act(() => render(null, host));
    expect(unsubscribed).toHaveBeenCalledTimes(1);
  });

  it("uses the persona's own picture for a feeling that has one, and the built-in face for the rest", async () => {
    const client = createTestMoodClient({ feeling: 'sad' });
    await mount(client, { sad: 'https://example.test/ember-sad.png' });
    const img = face()!.querySelector('img');
    expect(img?.getAttribute('src')).toBe('https://example.test/ember-sad.png');
    expect(img?.getAttribute('alt')).toBe(''); // the name is on the avatar itself
    expect(face()!.querySelector('svg')).toBeNull();
    expect(face()!.getAttribute('aria-label')).toBe('Ember feels sad');

    await act(() => client.feel('happy'));
    await settle();
    expect(face()!.querySelector('img')).toBeNull();
    expect(face()!.querySelector('.face-features.on')?.getAttribute('data-feeling')).toBe('happy');
  });

  it('falls back to the built-in face when the picture fails to load', async () => {
    const client = createTestMoodClient({ feeling: 'anxious' });
    await mount(client, { anxious: 'https://example.test/missing.png' });
    await act(() => void face()!.querySelector('img')!.dispatchEvent(new Event('error')));
    expect(face()!.querySelector('img')).toBeNull();
    expect(face()!.querySelector('.face-features.on')?.getAttribute('data-feeling')).toBe('anxious');
    expect(face()!.getAttribute('aria-label')).toBe('Ember feels anxious');
  });

  it('drops the animation when less motion is asked for, and follows the setting', async () => {
    const motion = stubReducedMotion(true);
    await mount(createTestMoodClient());
    expect(face()!.classList.contains('avatar-still')).toBe(true);
    await act(() => motion.set(false));
    expect(face()!.classList.contains('avatar-still')).toBe(false);
  });

  it('animates when no preference is set', async () => {
    stubReducedMotion(false);
    await mount(createTestMoodClient());
    expect(face()!.classList.contains('avatar')).toBe(true);
    expect(face()!.classList.contains('avatar-still')).toBe(false);
  });
});
