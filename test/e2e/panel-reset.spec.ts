import type { Page } from '@playwright/test';
import { expect, openOptions, test } from './fixtures';
import { PanelPage, openConnectedPanel } from './pages/panel';

/** Counts of each store in the database, read from `page`. */
function counts(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const out: Record<string, number> = {};
    for (const name of ['conversations', 'messages']) {
      out[name] = await new Promise<number>((resolve) => {
        const request = db.transaction(name).objectStore(name).count();
        request.onsuccess = () => resolve(request.result);
      });
    }
    db.close();
    return out;
  });
}

async function chatOnce(panel: PanelPage, text: string) {
  await panel.send(text);
  await expect(panel.lastReply()).toContainText(`You said: ${text}`);
  await panel.waitForIdle();
}

test('an open panel starts fresh when everything is wiped elsewhere, and writes nothing old back', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const page = panel.page;
  await chatOnce(panel, 'remember the otters');

  // What a wipe does (lib/backup/wipe.ts), then the `wipe` change every context obeys.
  const options = await openOptions(context, extensionId);
  await options.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const names = [...db.objectStoreNames];
    const tx = db.transaction(names, 'readwrite');
    names.forEach((name) => tx.objectStore(name).clear());
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    await (
      globalThis as unknown as { chrome: { storage: { local: { clear(): Promise<void> } } } }
    ).chrome.storage.local.clear();
    const channel = new BroadcastChannel('hearth-changes');
    channel.postMessage({ topic: 'wipe' });
    channel.close();
  });

  // Settings went with the wipe: the panel is back at its first-run screen, holding nothing.
  await expect(page.getByRole('form', { name: 'Your own server' })).toBeVisible();
  await expect(page.getByText('remember the otters')).toHaveCount(0);
  expect(await counts(options)).toEqual({ conversations: 0, messages: 0 });
});

test('the panel reopens its storage when the database is deleted under it', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const page = panel.page;
  await chatOnce(panel, 'before the deletion');

  const other = await context.newPage();
  await other.goto(page.url().replace('sidepanel.html', 'options.html'));
  await other.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('hearth');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }),
  );
  await expect(page.getByText('before the deletion')).toHaveCount(0);
  await panel.waitForEngine();
  await chatOnce(panel, 'after the deletion');
  // One fresh conversation: the persona's greeting (stored with the first message), the message and its reply.
  expect(await counts(other)).toEqual({ conversations: 1, messages: 3 });
});

test('deleting a conversation forgets what was learned from it unless unchecked, and undo brings both back', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const page = panel.page;
  await chatOnce(panel, 'My sister Mara lives in Valparaíso.');
  const memories = () =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('hearth');
        open.onsuccess = () => resolve(open.result);
      });
      const n = await new Promise<number>((resolve) => {
        const request = db.transaction('memories').objectStore('memories').count();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return n;
    });
  await expect.poll(memories).toBeGreaterThan(0);
  const learned = await memories();

  await page.getByRole('button', { name: 'Conversations' }).click();
  const drawer = page.getByRole('navigation', { name: 'Conversations' });
  await drawer.getByRole('button', { name: /^Delete My sister/ }).click();
  await expect(drawer.getByRole('checkbox', { name: 'Also forget what was learned from it' })).toBeChecked();
  await drawer.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(drawer.getByRole('listitem')).toHaveCount(0);
  await expect.poll(memories).toBe(0);

  await drawer.getByRole('button', { name: 'Undo' }).click();
  await expect(drawer.getByRole('listitem')).toHaveCount(1);
  await expect.poll(memories).toBe(learned);

  // Unchecked, the conversation goes and what was learned from it stays.
  await drawer.getByRole('button', { name: /^Delete My sister/ }).click();
  await drawer.getByRole('checkbox', { name: 'Also forget what was learned from it' }).uncheck();
  await drawer.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(drawer.getByRole('listitem')).toHaveCount(0);
  await expect(drawer.getByRole('button', { name: 'Undo' })).toBeVisible(); // shown once deletion is done
  expect(await memories()).toBe(learned);
});
