import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { cardFromJson } from '../../lib/persona/cards/card-json';
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
