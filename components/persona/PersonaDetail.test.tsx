// @vitest-environment jsdom
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importCard } from '../../lib/persona/cards/import-card';
import { readPngChunks } from '../../lib/persona/cards/png-card';
import { jsonBytes, v2Card, v3Card } from '../../lib/persona/cards/test-fixtures';
import { pngCard, useLibraryDom } from './library-dom';

const dom = useLibraryDom();
const { mount, texts, choose, click } = dom;

describe('an open persona', () => {
  it('exports PNG with both chunks, and JSON and CHARX that import back to the same card', async () => {
    await mount();
    await choose([{ name: 'aria.png', bytes: pngCard('Aria'), type: 'image/png' }]);
    // An imported persona opens at once.
    expect(dom.host.querySelector('#h-persona-detail')?.textContent).toBe('Aria');
    await click('Export PNG');
    await click('Export JSON (V3)');
    await click('Export CHARX');
    expect(dom.downloads.map((d) => d.name)).toEqual(['Aria.png', 'Aria.json', 'Aria.charx']);
    const bytes = await Promise.all(
      dom.downloads.map(async (d) => new Uint8Array(await d.blob.arrayBuffer())),
    );
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
    const chat = await dom.t.chats.createConversation('default');
    await dom.t.chats.addMessage({
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
    const table = dom.host.querySelector('table[aria-label="Last reply\'s lorebook"]')!;
    expect([...table.querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual([
      'Dropped by the token budget (a constant entry)',
      'Fired: Always on (constant). needs 40 tokens; 5 of the 30-token budget left',
    ]);
    expect(dom.host.querySelector('[aria-label="Last reply summary"]')?.textContent).toContain(
      '0 entries inserted · 1 dropped by the budget · 25 of 30 tokens · scan depth 4 · 7 not listed',
    );
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
    const happy = dom.host.querySelector('li[aria-label="happy"]')!;
    expect(happy.textContent).toContain('From the card (joy)');
    expect(dom.host.querySelector('li[aria-label="excited"]')!.textContent).toContain('Borrowed from happy');
    await choose(
      [{ name: 'sad.png', bytes: new Uint8Array([1, 2, 3]), type: 'image/png' }],
      'Add picture for sad',
    );
    expect(dom.host.querySelector('li[aria-label="sad"]')!.textContent).toContain('Added by you');
    const cora = (await dom.t.personas.list()).find((p) => p.name === 'Cora')!;
    expect((await dom.t.library.emotionImages(cora.id)).map((i) => [i.feeling, i.source])).toEqual([
      ['happy', 'card'],
      ['sad', 'user'],
    ]);
    await click('Remove picture for sad');
    expect(dom.host.querySelector('li[aria-label="sad"]')!.textContent).not.toContain('Added by you');
  });
});
