// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Feeling } from '../../lib/mood/types';
import { Avatar } from '../mood/Avatar';
import { createTestMoodClient } from '../mood/test-mood-client';
import { EmotionImageContext, type EmotionImageSource } from './emotion-image-context';

let host: HTMLDivElement;
let urls: Map<string, Blob>;
let revoked: string[];
beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
  urls = new Map();
  revoked = [];
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:hearth/${++n}`;
    urls.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
});
afterEach(() => {
  render(null, host);
  host.remove();
  vi.restoreAllMocks();
});
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const face = () => host.querySelector<HTMLElement>('[role="img"]')!;
const shownBlob = () => {
  const src = face().querySelector('img')?.getAttribute('src');
  return src ? urls.get(src) : undefined;
};

/** A source over a map the test changes, with the watcher it was given. */
function source(images: Record<string, Partial<Record<Feeling, Blob>>>) {
  let notify = () => {};
  const value: EmotionImageSource = {
    load: (id) => Promise.resolve(images[id] ?? {}),
    watch: (onChange) => {
      notify = onChange;
      return () => (notify = () => {});
    },
  };
  return { value, changed: () => notify() };
}

async function mount(
  client: ReturnType<typeof createTestMoodClient>,
  src: EmotionImageSource,
  personaId = 'p1',
) {
  await act(() =>
    render(
      <EmotionImageContext.Provider value={src}>
        <Avatar client={client} personaId={personaId} personaName="Ember" />
      </EmotionImageContext.Provider>,
      host,
    ),
  );
  await settle();
}

describe("the avatar with the persona's own pictures", () => {
  it('shows the picture for the current feeling, borrowing along the chain, with the same accessible name', async () => {
    const happy = new Blob(['happy']);
    const calm = new Blob(['calm']);
    const client = createTestMoodClient({ feeling: 'excited' });
    await mount(client, source({ p1: { happy, calm } }).value);
    expect(face().getAttribute('aria-label')).toBe('Ember feels excited');
    expect(shownBlob()).toBe(happy); // excited → happy
    await act(() => client.feel('sad'));
    await settle();
    expect(shownBlob()).toBe(calm); // sad → tired → anxious → calm
    expect(face().getAttribute('aria-label')).toBe('Ember feels sad');
  });

  it('draws the built-in face for a persona without pictures', async () => {
    const client = createTestMoodClient({ feeling: 'happy' });
    await mount(client, source({ other: { happy: new Blob(['x']) } }).value);
    expect(face().querySelector('img')).toBeNull();
    expect(face().querySelector('.face-features.on')?.getAttribute('data-feeling')).toBe('happy');
  });

  it('reads the pictures again when they change, and revokes the URLs it replaced', async () => {
    const images: Record<string, Partial<Record<Feeling, Blob>>> = { p1: {} };
    const src = source(images);
    const client = createTestMoodClient({ feeling: 'tired' });
    await mount(client, src.value);
    expect(face().querySelector('img')).toBeNull();
    const tired = new Blob(['tired']);
    images.p1 = { tired };
    await act(() => src.changed());
    await settle();
    expect(shownBlob()).toBe(tired);
    const first = face().querySelector('img')!.getAttribute('src')!;
    images.p1 = { tired: new Blob(['newer']) };
    await act(() => src.changed());
    await settle();
    expect(revoked).toContain(first);
    await act(() => render(null, host));
    expect(revoked).toHaveLength(2);
  });
});
