// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { jsonBytes, v2Card } from '../../lib/persona/cards/test-fixtures';
import { pngCard, useLibraryDom } from './library-dom';

const dom = useLibraryDom();
const { mount, settle, button, texts, tiles, choose, click, type } = dom;

describe('the persona library', () => {
  it('imports a V2 PNG card through the picker: a persona with its greeting, lorebook and picture', async () => {
    await mount();
    expect(tiles()).toEqual(['Ember (active)']);
    await choose([{ name: 'aria.png', bytes: pngCard('Aria'), type: 'image/png' }]);
    expect(texts('status')).toContain(
      'Imported Aria from aria.png. Its lorebook has 1 entry. It has 3 greetings.',
    );
    expect(tiles()).toEqual(['Ember (active)', 'Aria']);
    const aria = (await dom.t.personas.list()).find((p) => p.name === 'Aria')!;
    expect(aria.greeting).toBe('Welcome, {{user}}.');
    expect(aria.lorebook?.entries[0]?.keys).toEqual(['lighthouse']);
    // The picture's blob URL is made once its bytes are read back: wait for it, do not race it.
    await vi.waitFor(() =>
      expect(
        dom.host.querySelector('ul[aria-label="Personas"] li:nth-child(2) img')?.getAttribute('src'),
      ).toMatch(/^blob:/),
    );
  });

  it('refuses malformed cards and lorebooks in words naming the field, and imports nothing', async () => {
    await mount();
    const png = pngCard('Broken');
    const badTypes = jsonBytes({
      ...v2Card(),
      data: { ...(v2Card().data as object), alternate_greetings: 'hi' },
    });
    const badBook = jsonBytes({ spec: 'lorebook_v3', data: { entries: [{ keys: 'lamp', content: 'x' }] } });
    await choose([
      { name: 'cut.png', bytes: png.subarray(0, png.length - 30) },
      { name: 'types.json', bytes: badTypes },
      { name: 'book.json', bytes: badBook },
      { name: 'notes.txt', bytes: new TextEncoder().encode('hello') },
    ]);
    const alerts = texts('alert');
    expect(alerts[0]).toMatch(/^cut\.png was not imported: .+/);
    expect(alerts[1]).toMatch(/^types\.json was not imported: .*alternate_greetings/);
    expect(alerts[2]).toMatch(/^book\.json was not imported: Lorebook refused: .*keys/);
    expect(alerts[3]).toMatch(/^notes\.txt was not imported: not a character card file/);
    expect(await dom.t.personas.list()).toHaveLength(1);
  });

  it('asks for a name when the card has none, and never makes a nameless persona', async () => {
    await mount();
    const nameless = jsonBytes({ ...v2Card(), data: { ...(v2Card().data as object), name: '' } });
    await choose([{ name: 'nameless.json', bytes: nameless }]);
    const form = dom.host.querySelector('form[aria-label="Name the imported card"]')!;
    expect(form.textContent).toContain('nameless.json: the card has no name.');
    expect((await dom.t.personas.list()).map((p) => p.name)).toEqual(['Ember']);
    expect(button('Import with this name').disabled).toBe(true);
    await type('Name for the persona', '  Wren ');
    await click('Import with this name');
    expect(tiles()).toContain('Wren');
    expect(texts('status')).toContain(
      'Imported Wren from nameless.json. Its lorebook has 1 entry. It has 3 greetings.',
    );
  });

  it('adds a dropped standalone lorebook to the open persona', async () => {
    await mount();
    await click('Ember (active)');
    const book = { spec: 'lorebook_v3', data: { entries: [{ keys: ['tea'], content: 'Ember loves tea.' }] } };
    const drop = dom.host.querySelector('[data-testid="persona-drop"]')!;
    const event = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', {
      value: { files: [new File([jsonBytes(book) as BlobPart], 'tea.json')] },
    });
    await act(() => void drop.dispatchEvent(event));
    await settle();
    expect(texts('status')).toContain('Added the lorebook tea.json (1 entry) to Ember.');
    expect((await dom.t.personas.resolve('default')).lorebook?.entries[0]?.content).toBe('Ember loves tea.');
  });

  it('creates, duplicates, makes active, edits and deletes (only after a confirmation)', async () => {
    await mount();
    await click('New persona');
    expect(tiles()).toEqual(['Ember (active)', 'New persona']);
    await type('Name', 'Sage');
    await type('Description', 'A quiet <i>gardener</i>.');
    await click('Save New persona');
    expect(tiles()).toEqual(['Ember (active)', 'Sage']);
    const sage = (await dom.t.personas.list()).find((p) => p.name === 'Sage')!;
    expect(sage.description).toBe('A quiet <i>gardener</i>.');
    expect(dom.host.querySelector('i')).toBeNull();

    await click('Make active');
    expect(dom.t.settings().activePersonaId).toBe(sage.id);
    expect(tiles()).toEqual(['Ember', 'Sage (active)']);

    await click('Duplicate');
    expect(tiles()).toEqual(['Ember', 'Sage (active)', 'Sage (copy)']);

    await click('Delete…');
    expect(dom.host.querySelector('[role="alertdialog"]')?.textContent).toContain('Delete Sage (copy)?');
    await click('Keep it');
    expect(tiles()).toHaveLength(3);
    await click('Delete…');
    await click('Yes, delete Sage (copy)');
    expect(tiles()).toEqual(['Ember', 'Sage (active)']);
    expect(await dom.t.personas.list()).toHaveLength(2);

    await click('Sage (active)');
    await choose(
      [{ name: 'sage.webp', bytes: new Uint8Array([5, 6]), type: 'image/webp' }],
      'Choose a picture for Sage',
    );
    expect(texts('status')).toContain('Sage has a new picture.');
    await vi.waitFor(() =>
      expect(
        dom.host.querySelector('ul[aria-label="Personas"] li:nth-child(2) img')?.getAttribute('src'),
      ).toMatch(/^blob:/),
    );
    await choose(
      [{ name: 'page.html', bytes: new Uint8Array([60]), type: 'text/html' }],
      'Choose a picture for Sage',
    );
    expect(texts('alert').join(' ')).toMatch(/text\/html is not a PNG, JPEG, WebP, GIF or AVIF image/);
  });

  it('says an empty name is not saved, naming the field', async () => {
    await mount();
    await click('Ember (active)');
    await type('Name', '   ');
    await click('Save Ember');
    expect(texts('alert').join(' ')).toMatch(/name/i);
    expect((await dom.t.personas.resolve('default')).name).toBe('Ember');
  });

  it('saves the user persona', async () => {
    await mount();
    await type('Your name', 'Sam');
    await type('About you', 'Likes boats.');
    await act(() => void dom.host.querySelector<HTMLFormElement>('form[aria-label="You"]')!.requestSubmit());
    await settle();
    expect(dom.t.settings().userPersona).toEqual({ name: 'Sam', description: 'Likes boats.' });
  });
});
