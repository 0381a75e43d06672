// @vitest-environment jsdom
import { zipSync } from 'fflate';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportCard } from '../../lib/persona/cards/export-card';
import { importCard } from '../../lib/persona/cards/import-card';
import { cardFromJson } from '../../lib/persona/cards/card-json';
import { readPngChunks } from '../../lib/persona/cards/png-card';
import { jsonBytes, v2Card, v3Card } from '../../lib/persona/cards/test-fixtures';
import { PersonaLibrary } from './PersonaLibrary';
import { createTestLibrary, type TestLibrary } from './test-library';

let host: HTMLDivElement;
let t: TestLibrary;
let downloads: { name: string; blob: Blob }[];

beforeEach(async () => {
  host = document.createElement('div');
  document.body.appendChild(host);
  t = await createTestLibrary();
  downloads = [];
  const blobs = new Map<string, Blob>();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});
afterEach(() => {
  render(null, host);
  host.remove();
  vi.restoreAllMocks();
});
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));

const settle = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};
async function mount() {
  await act(() => render(<PersonaLibrary service={t.library} />, host));
  await settle();
}
const buttons = () => [...host.querySelectorAll('button')];
const button = (name: string) => {
  const found = buttons().find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
  if (!found)
    throw new Error(
      `no button "${name}" in ${buttons()
        .map((b) => b.textContent)
        .join(' | ')}`,
    );
  return found;
};
const labelled = (text: string) => {
  const label = [...host.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(text));
  const control = label?.querySelector('input, textarea, select');
  if (!control) throw new Error(`no field "${text}"`);
  return control as HTMLInputElement;
};
const texts = (role: 'alert' | 'status') =>
  [...host.querySelectorAll(`[role="${role}"]`)].map((e) => e.textContent);
const tiles = () =>
  [...host.querySelectorAll('ul[aria-label="Personas"] button')].map((b) => b.getAttribute('aria-label'));

async function choose(
  files: { name: string; bytes: Uint8Array; type?: string }[],
  field = 'Import a card or lorebook',
) {
  const input = labelled(field);
  const list = files.map((f) => new File([f.bytes as BlobPart], f.name, { type: f.type ?? '' }));
  Object.defineProperty(input, 'files', { value: list, configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
  await settle();
}
async function click(name: string) {
  await act(() => void button(name).click());
  await settle();
}
async function type(field: string, value: string) {
  const input = labelled(field);
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const pngCard = (name: string, extra: Record<string, unknown> = {}) => {
  const raw = v2Card(name);
  return exportCard(cardFromJson({ ...raw, data: { ...(raw.data as object), ...extra } }), 'png');
};

describe('the persona library', () => {
  it('imports a V2 PNG card through the picker: a persona with its greeting, lorebook and picture', async () => {
    await mount();
    expect(tiles()).toEqual(['Ember (active)']);
    await choose([{ name: 'aria.png', bytes: pngCard('Aria'), type: 'image/png' }]);
    expect(texts('status')).toContain(
      'Imported Aria from aria.png. Its lorebook has 1 entry. It has 3 greetings.',
    );
    expect(tiles()).toEqual(['Ember (active)', 'Aria']);
    const aria = (await t.personas.list()).find((p) => p.name === 'Aria')!;
    expect(aria.greeting).toBe('Welcome, {{user}}.');
    expect(aria.lorebook?.entries[0]?.keys).toEqual(['lighthouse']);
    expect(host.querySelector('ul[aria-label="Personas"] li:nth-child(2) img')?.getAttribute('src')).toMatch(
      /^blob:/,
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
    expect(await t.personas.list()).toHaveLength(1);
  });

  it('asks for a name when the card has none, and never makes a nameless persona', async () => {
    await mount();
    const nameless = jsonBytes({ ...v2Card(), data: { ...(v2Card().data as object), name: '' } });
    await choose([{ name: 'nameless.json', bytes: nameless }]);
    const form = host.querySelector('form[aria-label="Name the imported card"]')!;
    expect(form.textContent).toContain('nameless.json: the card has no name.');
    expect((await t.personas.list()).map((p) => p.name)).toEqual(['Ember']);
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
    const drop = host.querySelector('[data-testid="persona-drop"]')!;
    const event = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', {
      value: { files: [new File([jsonBytes(book) as BlobPart], 'tea.json')] },
    });
    await act(() => void drop.dispatchEvent(event));
    await settle();
    expect(texts('status')).toContain('Added the lorebook tea.json (1 entry) to Ember.');
    expect((await t.personas.resolve('default')).lorebook?.entries[0]?.content).toBe('Ember loves tea.');
  });

  it('creates, duplicates, makes active, edits and deletes (only after a confirmation)', async () => {
    await mount();
    await click('New persona');
    expect(tiles()).toEqual(['Ember (active)', 'New persona']);
    await type('Name', 'Sage');
    await type('Description', 'A quiet <i>gardener</i>.');
    await click('Save New persona');
    expect(tiles()).toEqual(['Ember (active)', 'Sage']);
    const sage = (await t.personas.list()).find((p) => p.name === 'Sage')!;
    expect(sage.description).toBe('A quiet <i>gardener</i>.');
    expect(host.querySelector('i')).toBeNull();

    await click('Make active');
    expect(t.settings().activePersonaId).toBe(sage.id);
    expect(tiles()).toEqual(['Ember', 'Sage (active)']);

    await click('Duplicate');
    expect(tiles()).toEqual(['Ember', 'Sage (active)', 'Sage (copy)']);

    await click('Delete…');
    expect(host.querySelector('[role="alertdialog"]')?.textContent).toContain('Delete Sage (copy)?');
    await click('Keep it');
    expect(tiles()).toHaveLength(3);
    await click('Delete…');
    await click('Yes, delete Sage (copy)');
    expect(tiles()).toEqual(['Ember', 'Sage (active)']);
    expect(await t.personas.list()).toHaveLength(2);

    await click('Sage (active)');
    await choose(
      [{ name: 'sage.webp', bytes: new Uint8Array([5, 6]), type: 'image/webp' }],
      'Choose a picture for Sage',
    );
    expect(texts('status')).toContain('Sage has a new picture.');
    expect(host.querySelector('ul[aria-label="Personas"] li:nth-child(2) img')?.getAttribute('src')).toMatch(
      /^blob:/,
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
    expect((await t.personas.resolve('default')).name).toBe('Ember');
  });

  it('exports PNG with both chunks, and JSON and CHARX that import back to the same card', async () => {
    await mount();
    await choose([{ name: 'aria.png', bytes: pngCard('Aria'), type: 'image/png' }]);
    // An imported persona opens at once.
    expect(host.querySelector('#h-persona-detail')?.textContent).toBe('Aria');
    await click('Export PNG');
    await click('Export JSON (V3)');
    await click('Export CHARX');
    expect(downloads.map((d) => d.name)).toEqual(['Aria.png', 'Aria.json', 'Aria.charx']);
    const bytes = await Promise.all(downloads.map(async (d) => new Uint8Array(await d.blob.arrayBuffer())));
    const chunks = readPngChunks(bytes[0]!);
    expect(chunks.some((c) => c.name === 'IDAT')).toBe(true);
    const keywords = chunks
      .filter((c) => c.name === 'tEXt')
      .map((c) => new TextDecoder('latin1').decode(c.data.subarray(0, c.data.indexOf(0))));
    expect(keywords.sort()).toEqual(['ccv3', 'chara']);
    expect(texts('status')).toContain('Saved Aria.charx.');
    const [png, json, charx] = bytes.map((b) => importCard(b).card);
    expect(png!.data.extensions).toEqual((v2Card().data as { extensions: unknown }).extensions);
    expect(png!.extraData).toEqual({ unknown_in_data: { kept: 'verbatim' } });
    expect(png!.data).toEqual(json!.data);
    // CHARX adds the picture as its icon asset; the rest is the same card.
    const { assets, ...rest } = charx!.data;
    expect(assets).toEqual([expect.objectContaining({ type: 'icon' })]);
    expect(rest).toEqual(json!.data);
    expect(png!.data.first_mes).toBe('Welcome, {{user}}.');
  });

  it("shows what the lorebook did for the persona's last reply, as stored with it", async () => {
    await mount();
    await click('Ember (active)');
    await click('Show what the last reply used');
    expect(texts('status')).toContain('No reply of this persona has used its lorebook yet.');
    const chat = await t.chats.createConversation('default');
    await t.chats.addMessage({
      conversationId: chat.id,
      role: 'assistant',
      content: 'Hello.',
      status: 'complete',
      lorebook: {
        entries: [
          {
            index: 3,
            label: 'Harbour',
            outcome: 'skipped',
            position: 'before_char',
            constant: true,
            activation: { kind: 'constant' },
            tokens: 40,
            skip: { reason: 'over-budget', detail: 'needs 40 tokens; 5 of the 30-token budget left' },
          },
        ],
        notListed: 7,
        budget: { limit: 30, used: 25, source: 'book' },
        scanDepth: 4,
      },
    });
    await click('Show what the last reply used');
    const table = host.querySelector('table[aria-label="Last reply\'s lorebook"]')!;
    expect([...table.querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual([
      'Dropped by the token budget (a constant entry)',
      'Fired: Always on (constant). needs 40 tokens; 5 of the 30-token budget left',
    ]);
    expect(host.querySelector('[aria-label="Last reply summary"]')?.textContent).toContain(
      '0 entries inserted · 1 dropped by the budget · 25 of 30 tokens · scan depth 4 · 7 not listed',
    );
  });

  it('saves the user persona', async () => {
    await mount();
    await type('Your name', 'Sam');
    await type('About you', 'Likes boats.');
    await act(() => void host.querySelector<HTMLFormElement>('form[aria-label="You"]')!.requestSubmit());
    await settle();
    expect(t.settings().userPersona).toEqual({ name: 'Sam', description: 'Likes boats.' });
  });

  it("shows a CHARX card's emotion images on their feelings, and takes the user's own", async () => {
    await mount();
    const joy = new Uint8Array([137, 80, 78, 71, 1]);
    const card = v3Card('Cora', [
      { type: 'emotion', uri: 'embeded://assets/emotion/image/joy.png', name: 'joy', ext: 'png' },
    ]);
    await choose([
      {
        name: 'cora.charx',
        bytes: zipSync({ 'card.json': jsonBytes(card), 'assets/emotion/image/joy.png': joy }),
      },
    ]);
    const happy = host.querySelector('li[aria-label="happy"]')!;
    expect(happy.textContent).toContain('From the card (joy)');
    expect(host.querySelector('li[aria-label="excited"]')!.textContent).toContain('Borrowed from happy');
    await choose(
      [{ name: 'sad.png', bytes: new Uint8Array([1, 2, 3]), type: 'image/png' }],
      'Add picture for sad',
    );
    expect(host.querySelector('li[aria-label="sad"]')!.textContent).toContain('Added by you');
    const cora = (await t.personas.list()).find((p) => p.name === 'Cora')!;
    expect((await t.library.emotionImages(cora.id)).map((i) => [i.feeling, i.source])).toEqual([
      ['happy', 'card'],
      ['sad', 'user'],
    ]);
    await click('Remove picture for sad');
    expect(host.querySelector('li[aria-label="sad"]')!.textContent).not.toContain('Added by you');
  });
});
