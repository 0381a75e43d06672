import type { Page } from '@playwright/test';
import { expect, openOptions, test, type ChromeApi } from './fixtures';
import { openConnectedPanel, type PanelPage } from './pages/panel';
import { holdSpeech, releaseSpeech, spoken, stubSpeechSynthesis } from './speech-stub';
import { SCRIPTED_APPRAISALS_KEY } from '../../lib/companion/background/e2e-edges';

// Voice out in the real browser: speechSynthesis is stubbed at the edge (an init script that
// records each utterance with its rate and pitch); everything between the streamed reply
// and speechSynthesis.speak is the real code.

const SAD = { pad: { p: -0.9, a: -0.4, d: -0.5 }, emotions: [{ label: 'sadness', p: 0.9 }], intensity: 1 };
const HAPPY = { pad: { p: 0.9, a: 0.5, d: 0.4 }, emotions: [{ label: 'joy', p: 0.9 }], intensity: 1 };
const SAD_TEXT = 'I lost my dog today and I miss him so much';
const HAPPY_TEXT = 'I got the job, I am so happy and excited';
const LONG_REPLY =
  'That is wonderful news, and I am really glad you told me about it today. ' +
  'Tell me more about how the interview went, and what the people there were like. ' +
  'I would love to hear **everything**, from the first question to the last one.\n\n' +
  '```js\nconsole.log("never spoken")\n```\n\nSee https://example.com for nothing at all. *smiles*';

async function turnVoiceOn(page: Page) {
  const options = await openOptions(page.context(), new URL(page.url()).host);
  const section = options.getByRole('region', { name: 'Voice' });
  await section.getByRole('checkbox', { name: 'Read replies aloud' }).check();
  await expect(section.getByRole('checkbox', { name: 'This persona speaks' })).toBeChecked();
  await options.close();
}

async function replyTo(panel: PanelPage, text: string) {
  await panel.send(text);
  await panel.waitForIdle();
}

test.beforeEach(async ({ context }) => {
  await stubSpeechSynthesis(context);
});

test('with voice on, a streamed reply is spoken in pieces from its first sentence, never its code, links or tags', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  await turnVoiceOn(panel.page);
  llm.enqueue({ kind: 'reply', text: LONG_REPLY, chunkSize: 8, delayMs: 40 });
  await replyTo(panel, 'I got the job!');
  await expect
    .poll(async () => (await spoken(panel.page)).map((u) => u.text).join(' '))
    .toBe(
      'That is wonderful news, and I am really glad you told me about it today. ' +
        'Tell me more about how the interview went, and what the people there were like. ' +
        'I would love to hear everything, from the first question to the last one. See for nothing at all.',
    );
  const said = await spoken(panel.page);
  expect(said.length).toBeGreaterThanOrEqual(2);
  for (const u of said) expect(u.text.length).toBeLessThan(150);
  // Speech began with the first sentence while the reply was still streaming.
  expect(said[0]!.replyStreaming).toBe(true);
  expect(said.at(-1)!.replyStreaming).toBe(false);
});

test('a sad mood speaks slower and lower than a happy one', async ({ context, extensionId, llm }) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  await panel.page.evaluate(
    (items) => (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.set(items),
    { [SCRIPTED_APPRAISALS_KEY]: { [SAD_TEXT]: SAD, [HAPPY_TEXT]: HAPPY } },
  );
  await turnVoiceOn(panel.page);
  const face = panel.page.getByRole('img', { name: /^Ember feels / });

  for (let i = 0; i < 4; i++) {
    llm.enqueue({ kind: 'reply', text: `That is great (${i}).` });
    await replyTo(panel, HAPPY_TEXT);
  }
  await expect(face).toHaveAccessibleName(/Ember feels (happy|excited)/);
  await expect.poll(async () => (await spoken(panel.page)).length).toBe(4);
  const happy = (await spoken(panel.page)).at(-1)!;

  for (let i = 0; i < 5; i++) {
    llm.enqueue({ kind: 'reply', text: `I am so sorry (${i}).` });
    await replyTo(panel, SAD_TEXT);
  }
  await expect(face).toHaveAccessibleName('Ember feels sad');
  await expect.poll(async () => (await spoken(panel.page)).length).toBe(9);
  const sad = (await spoken(panel.page)).at(-1)!;
  expect(sad.text).toBe('I am so sorry (4).');
  expect(sad.rate).toBeLessThan(happy.rate);
  expect(sad.pitch).toBeLessThan(happy.pitch);
  expect(sad.rate).toBeLessThan(1);
  expect(happy.rate).toBeGreaterThan(1);
});

test('speech is interrupted at once by a new message and by Silence', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  await turnVoiceOn(panel.page);
  await holdSpeech(panel.page, true);
  llm.enqueue({ kind: 'reply', text: 'First sentence here. Second sentence here. Third sentence here.' });
  await replyTo(panel, 'Tell me three things.');
  await expect.poll(async () => (await spoken(panel.page)).length).toBe(1);
  await expect(panel.page.getByTestId('speaking')).toBeVisible();

  // A new message: the held piece is cancelled and the rest of that reply is never said.
  llm.enqueue({ kind: 'reply', text: 'Next reply.' });
  await panel.send('Wait, something else.');
  await expect.poll(async () => (await spoken(panel.page))[0]!.ended).toBe('interrupted');
  await panel.waitForIdle();
  await expect.poll(async () => (await spoken(panel.page)).length).toBe(2);
  const said = await spoken(panel.page);
  expect(said[0]!.text).toMatch(/^First sentence here\./);
  expect(said[1]!.text).toBe('Next reply.');
  expect(said.some((u) => u.text.includes('Third'))).toBe(false);

  // Silence silences the held piece.
  await panel.page.getByRole('button', { name: 'Silence' }).click();
  await expect.poll(async () => (await spoken(panel.page))[1]!.ended).toBe('interrupted');
  await expect(panel.page.getByTestId('speaking')).toHaveCount(0);
  await releaseSpeech(panel.page);
});
