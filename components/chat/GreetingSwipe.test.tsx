// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonaRecord } from '../../lib/db/records';
import { GreetingSwipe } from './GreetingSwipe';
import { PersonaPicker } from './PersonaPicker';

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

const button = (name: string) => host.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`);

describe('greeting swipe', () => {
  it('shows one greeting as text, with named buttons to swipe', async () => {
    const steps: number[] = [];
    await act(() =>
      render(
        <GreetingSwipe
          greetings={['<b>Hi</b>', 'Ahoy']}
          index={0}
          personaName="Aria"
          onSwipe={(s) => steps.push(s)}
        />,
        host,
      ),
    );
    expect(host.querySelector('.greeting-text')!.textContent).toBe('<b>Hi</b>');
    expect(host.querySelector('b')).toBeNull(); // data, never HTML
    expect(host.textContent).toContain('1 of 2');
    await act(() => button('Next greeting')!.click());
    await act(() => button('Previous greeting')!.click());
    expect(steps).toEqual([1, -1]);
  });

  it('has no swipe buttons for a single greeting, and shows nothing without one', async () => {
    await act(() =>
      render(<GreetingSwipe greetings={['Hi']} index={0} personaName="Aria" onSwipe={() => {}} />, host),
    );
    expect(button('Next greeting')).toBeNull();
    await act(() =>
      render(<GreetingSwipe greetings={[]} index={0} personaName="Aria" onSwipe={() => {}} />, host),
    );
    expect(host.textContent).toBe('');
  });
});

describe('persona picker', () => {
  it('offers one named button per persona', async () => {
    const picked: string[] = [];
    const make = (id: string, name: string) => PersonaRecord.parse({ id, name, createdAt: 1, updatedAt: 1 });
    await act(() =>
      render(
        <PersonaPicker
          personas={[make('a', 'Aria'), make('b', 'Sage')]}
          activeId="a"
          onPick={(id) => picked.push(id)}
          onClose={() => {}}
        />,
        host,
      ),
    );
    await act(() => button('New chat with Sage')!.click());
    expect(picked).toEqual(['b']);
    expect(button('New chat with Aria')).not.toBeNull();
  });
});
