import { MEMORY_HEADING } from '../../lib/companion/remembered-lines';
import { expect, openOptions, test } from './fixtures';
import { openConnectedPanel } from './pages/panel';

test('the memory manager opens 100,000 memories with only a window of rows in the page, and scrolls to the oldest', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const options = await openOptions(context, extensionId);
  await expect(options.getByRole('region', { name: 'Memory manager' })).toHaveAttribute('data-ready', 'true');
  // Seeded as a long-used profile would hold them, in one transaction.
  await options.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('memories', 'readwrite');
    const store = tx.objectStore('memories');
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 100_000; i++) {
      const at = start + i * 600_000;
      store.put({
        id: `seed-${String(i).padStart(6, '0')}`,
        text: `Seeded memory number ${i}`,
        textKey: `seed-key-${i}`,
        kind: 'user-fact',
        provenance: { type: 'messages', messageIds: [`seed-msg-${i}`] },
        createdAt: at,
        updatedAt: at,
        validFrom: at,
        importance: 0.5,
        emotion: { valence: 0, arousal: 0 },
        pinned: false,
        accessCount: 0,
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await options.reload();
  const manager = options.getByRole('region', { name: 'Memory manager' });
  await expect(manager).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const list = manager.getByRole('list', { name: 'Memories' });
  await expect(list.getByRole('listitem').first()).toContainText('Seeded memory number 99999');
  const rows = await list.getByRole('listitem').count();
  expect(rows).toBeGreaterThan(3);
  expect(rows).toBeLessThan(80);

  // Keyboard navigation to the end reaches the oldest memory, still with a small window.
  await list.getByRole('listitem').first().focus();
  await options.keyboard.press('End');
  await expect(list.getByRole('listitem').filter({ hasText: /Seeded memory number 0(?!\d)/ })).toBeVisible();
  expect(await list.getByRole('listitem').count()).toBeLessThan(80);

  // Search runs on the same retrieval over all of them.
  await manager.getByRole('searchbox', { name: 'Search memories' }).fill('number 4242');
  await expect(list.getByRole('listitem').first()).toContainText('Seeded memory number 4242', {
    timeout: 30_000,
  });
});

test('the panel is usable before its 20,000-memory keyword index is built, and a message sent at once waits for recall', async ({
  context,
  extensionId,
  llm,
}) => {
  test.setTimeout(180_000);
  const panel = await openConnectedPanel(context, extensionId, llm);
  await panel.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('memories', 'readwrite');
    const store = tx.objectStore('memories');
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const at = start + i * 600_000;
      const text =
        i === 7777 ? 'Sam dreams of sailing to Zanzibar one day' : `Seeded memory number ${i} about the day`;
      store.put({
        id: `seed-${String(i).padStart(6, '0')}`,
        text,
        textKey: `seed-key-${i}`,
        kind: 'user-fact',
        provenance: { type: 'messages', messageIds: [`seed-msg-${i}`] },
        createdAt: at,
        updatedAt: at,
        validFrom: at,
        importance: 0.5,
        emotion: { valence: 0, arousal: 0 },
        pinned: false,
        accessCount: 0,
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await panel.page.reload();
  // Sent as soon as the composer takes it, whether or not the memory worker has finished.
  await expect(panel.composer).toBeEnabled();
  await panel.send('Where do I dream of sailing to?');
  await panel.waitForIdle();
  const body = llm.chatRequests().at(-1)!.body as { messages: { content: string }[] };
  expect(body.messages[0]!.content).toContain(MEMORY_HEADING);
  expect(body.messages[0]!.content).toContain('Sam dreams of sailing to Zanzibar one day');
  // The worker said when recall covered every memory.
  expect(await panel.page.evaluate(() => performance.getEntriesByName('hearth:memory-ready').length)).toBe(1);
});
