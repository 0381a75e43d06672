import { expect, openOptions, openSidePanel, test } from './fixtures';
import { PanelPage, openConnectedPanel } from './pages/panel';
import type { Page } from '@playwright/test';

// Pictures in the real browser against a scripted AUTOMATIC1111 server on 127.0.0.1: set up
// in the options page, asked for with /imagine in the panel, kept as a blob with the reply
// (shown from a blob: URL), still there after a browser restart.

async function useA1111(page: Page, origin: string) {
  const options = await openOptions(page.context(), new URL(page.url()).host);
  const form = options.getByRole('form', { name: 'Pictures' });
  await form.getByRole('radio', { name: /AUTOMATIC1111/ }).check();
  await expect(form.getByText('--cors-allow-origins=chrome-extension://')).toBeVisible();
  await form.getByRole('textbox', { name: 'Web UI address' }).fill(origin);
  await form.getByRole('button', { name: 'Use this image server' }).click();
  await expect(form.getByText('Saved. Try /imagine in the chat.')).toBeVisible();
  await options.close();
}

test('/imagine a lighthouse shows the picture from a blob URL, and it is still there after a restart', async ({
  context,
  extensionId,
  llm,
  media,
  restartBrowser,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  await useA1111(panel.page, media.origin);

  media.script('txt2img', { kind: 'ok', hold: true });
  await panel.send('/imagine a lighthouse');
  await expect(panel.page.getByTestId('imagining')).toBeVisible();
  media.progress = 0.5;
  await expect(panel.page.getByTestId('imagining')).toContainText('Drawing… 50%');
  media.release();

  const picture = panel.log.getByRole('img', { name: 'I imagined a lighthouse.' });
  await expect(picture).toBeVisible();
  expect(await picture.getAttribute('src')).toMatch(/^blob:chrome-extension:\/\//);
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  const prompt = JSON.parse(media.requests.find((r) => r.path === '/sdapi/v1/txt2img')!.body)
    .prompt as string;
  expect(prompt).toMatch(/^a lighthouse, /); // the request, then the feeling's look
  expect(llm.chatRequests()).toHaveLength(0); // a picture, not a chat turn

  const relaunched = await restartBrowser();
  const again = new PanelPage(await openSidePanel(relaunched.context, relaunched.extensionId));
  await again.waitForEngine();
  const kept = again.log.getByRole('img', { name: 'I imagined a lighthouse.' });
  await expect(kept).toBeVisible();
  expect(await kept.getAttribute('src')).toMatch(/^blob:/);
  await expect(again.userMessages()).toContainText(['/imagine a lighthouse']);
});

test('a cancelled picture and a server error are said in words', async ({
  context,
  extensionId,
  llm,
  media,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  await useA1111(panel.page, media.origin);

  media.script('txt2img', { kind: 'ok', hold: true }, { kind: 'status', status: 500 });
  await panel.send('/imagine a storm');
  await panel.page.getByRole('button', { name: 'Cancel picture' }).click();
  await expect(panel.lastReply()).toContainText('The picture was cancelled.');
  await expect.poll(() => media.interrupts).toBe(1);

  await panel.send('/imagine a boat');
  await expect(panel.lastReply().getByRole('alert')).toHaveText(
    'The picture could not be made: The image server answered 500.',
  );
  await expect(panel.log.getByRole('img', { name: /I imagined/ })).toHaveCount(0);
});
