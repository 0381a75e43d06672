import { expect, openOptions, test } from './fixtures';
import { openConnectedPanel } from './pages/panel';

// The face in the panel shows the mood the background keeps, read by the learned appraiser
// (no scripted appraisal here): sad messages make Ember look sad, found by role and name as
// a screen reader would; the options page shows the same feeling and resets it.

test('sad messages visibly change the avatar, and a reset in the options page brings the temperament back', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const page = panel.page;
  const face = page.getByRole('img', { name: /^Ember feels / });
  await expect(face).toBeVisible();
  await expect(face).not.toHaveAccessibleName('Ember feels sad');

  for (const text of [
    'I am so sad today, my grandmother died and I cried all morning 😢',
    'I feel so lonely and heartbroken, I miss her terribly',
    'Everything feels hopeless and sad without her',
  ]) {
    llm.enqueue({ kind: 'reply', text: 'I am here with you.' });
    await panel.send(text);
    await panel.waitForIdle();
  }
  await expect(face).toHaveAccessibleName('Ember feels sad');

  const options = await openOptions(context, extensionId);
  const section = options.getByRole('region', { name: 'Mood & relationship' });
  await expect(section.getByRole('img', { name: 'Ember feels sad' })).toBeVisible();
  await section.getByRole('button', { name: 'Reset…' }).click();
  await section.getByRole('alertdialog').getByRole('button', { name: 'Yes, reset the mood' }).click();
  await expect(section.getByRole('img', { name: 'Ember feels sad' })).toHaveCount(0);
  await expect(face).not.toHaveAccessibleName('Ember feels sad');
});
