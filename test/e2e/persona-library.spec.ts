import { readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { cardFromJson } from '../../lib/persona/cards/card-json';
import { defaultAvatarPng } from '../../lib/persona/cards/default-avatar';
import { exportCard } from '../../lib/persona/cards/export-card';
import { importCard } from '../../lib/persona/cards/import-card';
import { readPngChunks } from '../../lib/persona/cards/png-card';
import { expect, openOptions, test } from './fixtures';
import { openConnectedPanel } from './pages/panel';

// The persona library in the options page, driven as a person would: a character card made
// here with Hearth's own card writer (a V2 card in a PNG) is imported through the file
// picker, made active, and greets in the panel; a broken card is refused in words and
// nothing is imported; an export downloads a card that imports again to the same card.

const GREETING = 'The lamp is lit. Come in from the storm.';

/** A V2 card in a PNG, written by Hearth's exporter (both chunks, the default picture). */
function v2CardPng(name: string): Buffer {
  const card = cardFromJson({
    spec: 'chara_card_v2',
    spec_version: '2.0',
    data: {
      name,
      description: '{{char}} keeps the lighthouse on the point.',
      personality: 'steady, dry humour',
      scenario: 'a storm night',
      first_mes: GREETING,
      mes_example: '',
      creator_notes: '<b>not bold</b>',
      system_prompt: '',
      post_history_instructions: '',
      alternate_greetings: ['Another storm, another guest.'],
      tags: ['sea'],
      creator: 'e2e',
      character_version: '1',
      extensions: { e2e_extension: { kept: true } },
      character_book: {
        entries: [
          {
            keys: ['lamp'],
            content: 'The lamp burns whale oil.',
            extensions: {},
            enabled: true,
            insertion_order: 1,
          },
        ],
        extensions: {},
      },
    },
  });
  return Buffer.from(exportCard(card, 'png'));
}

function library(options: Page) {
  return options.getByRole('region', { name: 'Personas' });
}

async function importFile(options: Page, name: string, mimeType: string, buffer: Buffer) {
  await library(options).getByLabel('Import a card or lorebook').setInputFiles({ name, mimeType, buffer });
}

test('a V2 PNG card imported in the options page becomes the persona, and its greeting opens a new conversation', async ({
  context,
  extensionId,
  llm,
}) => {
  const options = await openOptions(context, extensionId);
  await importFile(options, 'keeper.png', 'image/png', v2CardPng('Keeper'));
  const section = library(options);
  await expect(
    section.getByRole('status').filter({ hasText: 'Imported Keeper from keeper.png.' }),
  ).toBeVisible();
  const tile = section.getByRole('list', { name: 'Personas' }).getByRole('button', { name: 'Keeper' });
  await expect(tile).toBeVisible();
  // Its picture is the card's PNG, shown from a blob URL.
  await expect(tile.locator('img')).toHaveAttribute('src', /^blob:/);
  await tile.click();
  await section.getByRole('button', { name: 'Make active' }).click();
  await expect(section.getByRole('button', { name: 'Keeper (active)' })).toBeVisible();
  // Card text is data: the creator's notes show their markup as text.
  await section.getByText('About the card').click();
  await expect(section.getByText('<b>not bold</b>')).toBeVisible();

  const panel = await openConnectedPanel(context, extensionId, llm);
  await expect(panel.page.getByRole('heading', { name: 'Keeper' })).toBeVisible();
  await expect(panel.page.getByText(GREETING)).toBeVisible();
});

test('a malformed card is refused with the reason, and nothing is imported', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  const section = library(options);
  const tiles = section.getByRole('list', { name: 'Personas' }).getByRole('button');
  await expect(tiles).toHaveCount(1);

  const png = v2CardPng('Broken');
  await importFile(options, 'truncated.png', 'image/png', png.subarray(0, png.length - 40));
  await expect(section.getByRole('alert')).toContainText('truncated.png was not imported:');

  const wrongType = JSON.stringify({
    spec: 'chara_card_v2',
    spec_version: '2.0',
    data: { name: 'Typo', alternate_greetings: 'hi' },
  });
  await importFile(options, 'typo.json', 'application/json', Buffer.from(wrongType));
  await expect(section.getByRole('alert')).toContainText('typo.json was not imported:');
  await expect(section.getByRole('alert')).toContainText('alternate_greetings');

  const badBook = JSON.stringify({
    spec: 'lorebook_v3',
    data: { entries: [{ keys: 'lamp', content: 'x' }] },
  });
  await importFile(options, 'book.json', 'application/json', Buffer.from(badBook));
  await expect(section.getByRole('alert')).toContainText('book.json was not imported: Lorebook refused:');
  await expect(section.getByRole('alert')).toContainText('keys');

  await expect(tiles).toHaveCount(1);
  await options.reload();
  await expect(library(options).getByRole('list', { name: 'Personas' }).getByRole('button')).toHaveCount(1);
});

test('a nameless card asks for a name instead of making a nameless persona', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  const nameless = JSON.stringify({
    spec: 'chara_card_v2',
    spec_version: '2.0',
    data: { name: '', description: 'x' },
  });
  await importFile(options, 'nameless.json', 'application/json', Buffer.from(nameless));
  const ask = library(options).getByRole('form', { name: 'Name the imported card' });
  await expect(ask).toContainText('the card has no name');
  await ask.getByLabel('Name for the persona').fill('Wren');
  await ask.getByRole('button', { name: 'Import with this name' }).click();
  await expect(library(options).getByRole('button', { name: 'Wren', exact: true })).toBeVisible();
});

test('export then re-import gives the same card back (PNG with both chunks and the picture)', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  const section = library(options);
  await importFile(options, 'keeper.png', 'image/png', v2CardPng('Keeper'));
  await section.getByRole('list', { name: 'Personas' }).getByRole('button', { name: 'Keeper' }).click();

  const [download] = await Promise.all([
    options.waitForEvent('download'),
    section.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Keeper.png');
  const exported = await readFile((await download.path())!);
  const keywords = readPngChunks(exported)
    .filter((c) => c.name === 'tEXt')
    .map((c) => Buffer.from(c.data.subarray(0, c.data.indexOf(0))).toString('latin1'));
  expect(keywords.sort()).toEqual(['ccv3', 'chara']);
  expect(readPngChunks(exported).some((c) => c.name === 'IDAT')).toBe(true);

  const first = importCard(new Uint8Array(exported)).card;
  expect(first.data.first_mes).toBe(GREETING);
  expect(first.data.extensions).toEqual({ e2e_extension: { kept: true } });
  expect(first.data.character_book?.entries[0]?.content).toBe('The lamp burns whale oil.');

  await importFile(options, 'Keeper.png', 'image/png', exported);
  await expect(
    section.getByRole('status').filter({ hasText: 'Imported Keeper from Keeper.png.' }),
  ).toBeVisible();
  const keepers = section.getByRole('list', { name: 'Personas' }).getByRole('button', { name: /^Keeper/ });
  await expect(keepers).toHaveCount(2);
  await keepers.nth(1).click();
  const [again] = await Promise.all([
    options.waitForEvent('download'),
    section.getByRole('button', { name: 'Export JSON (V3)' }).click(),
  ]);
  const second = JSON.parse(await readFile((await again.path())!, 'utf8')) as { data: unknown };
  expect(second.data).toEqual(JSON.parse(new TextDecoder().decode(exportCard(first, 'json-v3'))).data);
});

/** Drops files on the library's drop zone, as the browser does for files dragged from the desktop. */
async function dropFiles(options: Page, files: { name: string; type: string; bytes: number[] }[]) {
  const transfer = await options.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, files);
  const zone = library(options).getByTestId('persona-drop');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

test('dropping a card and a lorebook imports the card and adds the lorebook to the open persona', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  const section = library(options);
  const book = {
    spec: 'lorebook_v3',
    data: { entries: [{ keys: ['kettle'], content: 'The kettle whistles in D.' }] },
  };
  await dropFiles(options, [{ name: 'keeper.png', type: 'image/png', bytes: [...v2CardPng('Keeper')] }]);
  await expect(
    section.getByRole('status').filter({ hasText: 'Imported Keeper from keeper.png.' }),
  ).toBeVisible();
  await dropFiles(options, [
    { name: 'kettle.json', type: 'application/json', bytes: [...Buffer.from(JSON.stringify(book))] },
  ]);
  await expect(
    section.getByRole('status').filter({ hasText: 'Added the lorebook kettle.json (1 entry) to Keeper.' }),
  ).toBeVisible();
  // The lorebook editor shows both entries; the inspector fires the new one on its key.
  await expect(section.getByRole('group', { name: 'Entry 2' })).toBeVisible();
  await section
    .getByLabel('Chat to test (one turn per paragraph, the latest last)')
    .fill('Is the kettle on?');
  const report = section.getByRole('table', { name: 'Activation report' });
  await expect(report.getByRole('row', { name: /Entry 2/ })).toContainText(
    'Key "kettle" in the latest turn (depth 1)',
  );
  await expect(report.getByRole('row', { name: /Entry 1/ })).toContainText('No key matched');
  // Saved, then duplicated: the copy has the lorebook and the card's picture.
  await section.getByRole('button', { name: 'Save Keeper' }).click();
  await section.getByRole('button', { name: 'Duplicate' }).click();
  const copy = section.getByRole('list', { name: 'Personas' }).getByRole('button', { name: 'Keeper (copy)' });
  await expect(copy.locator('img')).toHaveAttribute('src', /^blob:/);
  await copy.click();
  await expect(section.getByRole('group', { name: 'Entry 2' })).toBeVisible();
});

test("the panel's avatar shows the persona's own picture for its feeling, with the same accessible name", async ({
  context,
  extensionId,
  llm,
}) => {
  // A CHARX card whose one emotion picture is labelled "neutral": it stands in for every feeling.
  const neutral = defaultAvatarPng();
  const card = {
    spec: 'chara_card_v3',
    spec_version: '3.0',
    data: {
      name: 'Moss',
      description: 'A moss spirit.',
      first_mes: 'Hello from the moss.',
      assets: [
        { type: 'emotion', uri: 'embeded://assets/emotion/image/neutral.png', name: 'neutral', ext: 'png' },
      ],
    },
  };
  const charx = zipSync({
    'card.json': new TextEncoder().encode(JSON.stringify(card)),
    'assets/emotion/image/neutral.png': neutral,
  });
  const options = await openOptions(context, extensionId);
  const section = library(options);
  await importFile(options, 'moss.charx', 'application/zip', Buffer.from(charx));
  await expect(
    section.getByRole('status').filter({ hasText: 'Imported Moss from moss.charx.' }),
  ).toBeVisible();
  await section.getByText('Pictures for each feeling').click();
  await expect(section.getByRole('listitem', { name: 'calm' })).toContainText('From the card (neutral)');
  await section.getByRole('button', { name: 'Make active' }).click();
  await expect(section.getByRole('button', { name: 'Moss (active)' })).toBeVisible();

  const panel = await openConnectedPanel(context, extensionId, llm);
  const face = panel.page.getByRole('img', { name: /^Moss feels / });
  await expect(face).toBeVisible();
  await expect(face.locator('img')).toHaveAttribute('src', /^blob:/);
  const shown = await face.locator('img').evaluate(async (img: HTMLImageElement) => {
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    return [...bytes];
  });
  expect(shown).toEqual([...neutral]);
});
