import { expect, test } from './fixtures';
import { openConnectedPanel } from './pages/panel';

test.use({ llmOptions: { models: [{ id: 'tiny', context_length: 1024 }] } });

test('a conversation of 10,000 messages opens with a small window, pages back, and the prompt fits a small model', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm, 'tiny');
  const page = panel.page;

  // Seed through IndexedDB directly, as a long-used profile would have it.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['conversations', 'messages'], 'readwrite');
    const now = Date.now();
    tx.objectStore('conversations').put({
      id: 'long',
      title: 'Long one',
      personaId: 'default',
      createdAt: now,
      updatedAt: now + 1e6,
    });
    for (let i = 0; i < 10_000; i++) {
      tx.objectStore('messages').put({
        id: `long-${i}`,
        conversationId: 'long',
        seq: i,
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `Message number ${i} with a little text about the day.`,
        createdAt: now + i,
        status: 'complete',
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await page.reload();
  await panel.waitForEngine();

  await expect(panel.log.getByText('Message number 9999 ')).toBeVisible();
  const rendered = await panel.log.getByRole('article').count();
  expect(rendered).toBeLessThanOrEqual(60);
  expect(rendered).toBeGreaterThan(10);
  await page.getByRole('button', { name: 'Show earlier messages' }).click();
  await expect(panel.log.getByRole('article')).toHaveCount(rendered + 60);

  llm.enqueue({ kind: 'reply', text: 'Still quick.' });
  await panel.send('And one more');
  await expect(panel.lastReply()).toContainText('Still quick.');
  const body = llm.chatRequests().at(-1)!.body as { messages: { role: string; content: string }[] };
  // The 1,024-token model got the persona whole, the newest message, and only what fits.
  expect(body.messages[0]!.content).toContain('You are Ember');
  expect(body.messages[0]!.content).toContain('Earlier parts of this conversation are not shown');
  // The user's message, then the persona's reminder (marked as not the user's).
  expect(body.messages.at(-1)!.content.split('\n\n(Note from Hearth')[0]).toBe('And one more');
  expect(body.messages.length).toBeLessThan(60);
  const chars = body.messages.reduce((n, m) => n + m.content.length, 0);
  expect(chars / 3).toBeLessThan(1024);
});
