import type { ScriptedLlmServer } from '../support/scripted-llm-server';
import { expect, openOptions, openSidePanel, screenshot, test } from './fixtures';
import { PanelPage, openConnectedPanel } from './pages/panel';
import type { Page } from '@playwright/test';

/** Every stored memory, as IndexedDB holds it, in a stable order. */
function readMemories(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const request = db.transaction('memories').objectStore('memories').getAll();
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  });
}

const lastSystemPrompt = (llm: ScriptedLlmServer) => {
  const chats = llm.chatRequests();
  return (chats.at(-1)!.body as { messages: { content: string }[] }).messages[0]!.content;
};

test('a fact said in chat becomes a memory, is remembered, and once forgotten is gone from the open panel and never used again', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  const panelPage = panel.page;
  llm.enqueue({ kind: 'reply', text: 'That sounds wonderful!' });
  await panel.send('I love hiking in the Alps with my sister.');
  await expect(panel.lastReply()).toContainText('That sounds wonderful!');
  await panel.waitForIdle();

  const options = await openOptions(context, extensionId);
  const list = options.getByRole('list', { name: 'Memories' });
  await expect(list.getByRole('listitem').filter({ hasText: 'hiking in the Alps' }).first()).toBeVisible();
  await screenshot(options, 'memory-manager');

  // A new conversation: the memory comes back from long-term memory, with its chip.
  await panelPage.bringToFront();
  await panelPage.getByRole('button', { name: 'New chat' }).click();
  llm.enqueue({ kind: 'reply', text: 'You love hiking!' });
  await panel.send('What do I love doing on holiday?');
  await expect(panel.lastReply()).toContainText('You love hiking!');
  await panel.waitForIdle();
  expect(lastSystemPrompt(llm)).toContain('Things you remember');
  expect(lastSystemPrompt(llm)).toMatch(/hiking in the Alps/);
  const chips = panel.lastReply().getByRole('list', { name: 'Remembered' });
  await expect(chips.getByRole('link').filter({ hasText: 'hiking' }).first()).toBeVisible();
  await screenshot(panelPage, 'remembered-chips');

  // Forget every memory about hiking in the options page, once the last turn's memories
  // (stored after the reply, off its path) have reached it.
  await options.bringToFront();
  const hiking = list.getByRole('listitem').filter({ hasText: /hiking/i });
  await expect(list.getByRole('listitem').filter({ hasText: 'You love hiking!' })).toBeVisible();
  // One at a time, each click waiting for its row to go, so no click lands on a row
  // that is already being removed.
  for (let left = await hiking.count(); left > 0; left--) {
    await hiking.first().getByRole('button', { name: 'Forget memory' }).click();
    await expect(
      options
        .getByRole('status')
        .filter({ hasText: /Forgot|forgotten/i })
        .first(),
    ).toBeVisible();
    await expect(hiking).toHaveCount(left - 1);
  }
  await expect(hiking).toHaveCount(0);

  // The open panel drops the chips without a reload…
  await expect(panel.lastReply().getByRole('link').filter({ hasText: 'hiking' })).toHaveCount(0);
  // …and the memory is not used again.
  await panelPage.bringToFront();
  await panelPage.getByRole('button', { name: 'New chat' }).click();
  llm.enqueue({ kind: 'reply', text: 'Tell me more.' });
  await panel.send('What do I love doing on holiday?');
  await expect(panel.lastReply()).toContainText('Tell me more.');
  await panel.waitForIdle();
  expect(lastSystemPrompt(llm)).not.toMatch(/hiking/i);
});

test('export, wipe and import give back the same memories', async ({ context, extensionId, llm }) => {
  const panel = new PanelPage(await openSidePanel(context, extensionId));
  await panel.connectEndpoint(llm.baseUrl, 'test-model');
  await panel.waitForEngine();
  // Stored memories are read from the panel's page: the options page reloads after a wipe.
  const reader = panel.page;
  for (const text of [
    'My cat is called Miso.',
    'I am moving to Lisbon next spring.',
    'I prefer tea over coffee.',
  ]) {
    await panel.send(text);
    await expect(panel.lastReply()).toContainText(`You said: ${text}`);
    await panel.waitForIdle();
  }
  const options = await openOptions(context, extensionId);
  await expect.poll(async () => (await readMemories(reader)).length).toBeGreaterThanOrEqual(6);
  const before = await readMemories(reader);

  const downloading = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export everything' }).click();
  const file = await (await downloading).path();

  await options.getByRole('textbox', { name: /Type DELETE to confirm/ }).fill('DELETE');
  const reloaded = options.waitForEvent('load');
  await options.getByRole('button', { name: 'Wipe everything' }).click();
  await reloaded;
  expect(await readMemories(reader)).toEqual([]);

  await options.getByLabel('Import backup').setInputFiles(file);
  const form = options.getByRole('form', { name: 'Backup to import' });
  await expect(form).toContainText(/memor/);
  await form.getByRole('button', { name: 'Import now' }).click();
  await expect.poll(async () => (await readMemories(reader)).length).toBe(before.length);
  const after = await readMemories(reader);
  const strip = (records: Record<string, unknown>[]) =>
    records.map(({ embedderId: _derived, ...rest }) => rest);
  expect(strip(after)).toEqual(strip(before));
});

test('a malformed backup is refused with the entry and field named, and nothing changes', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  await options.getByLabel('Import backup').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'hearth-backup',
        version: 1,
        exportedAt: new Date().toISOString(),
        app: { version: '0.1.0' },
        sections: { personas: [{ id: 'p', name: '' }] },
      }),
    ),
  });
  await expect(options.getByRole('alert').filter({ hasText: 'personas[0]' })).toBeVisible();
  expect(await readMemories(options)).toEqual([]);
});

test('manager rows size to their content, and memories with impossible stored dates still show and can be forgotten', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  await expect(options.getByRole('region', { name: 'Memory manager' })).toHaveAttribute('data-ready', 'true');
  const long = `I keep a long list of places: ${'Porto, Lisbon, Braga, Coimbra, Faro, Évora, '.repeat(10)}and more.`;
  // Stored as an older build or an unchecked import could have left them.
  await options.evaluate(async (longText) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('memories', 'readwrite');
    const at = Date.UTC(2026, 4, 3);
    const memory = (id: string, text: string, createdAt: number) => ({
      id,
      text,
      textKey: `key-${id}`,
      kind: 'user-fact',
      provenance: { type: 'messages', messageIds: [`msg-${id}`] },
      createdAt,
      updatedAt: at,
      validFrom: createdAt,
      importance: 0.5,
      emotion: { valence: 0, arousal: 0 },
      pinned: false,
      accessCount: 0,
    });
    tx.objectStore('memories').put(memory('short', 'Likes tea', at));
    tx.objectStore('memories').put(memory('long', longText, at - 1000));
    tx.objectStore('memories').put(memory('future', 'From the far future', 1e300));
    tx.objectStore('memories').put(memory('past', 'From the deep past', -1e15));
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, long);
  await options.reload();
  const manager = options.getByRole('region', { name: 'Memory manager' });
  await expect(manager).toHaveAttribute('data-ready', 'true');
  const list = manager.getByRole('list', { name: 'Memories' });
  const row = (text: string) => list.getByRole('listitem').filter({ hasText: text });
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await expect(row('From the far future')).toContainText('an unknown date');
  await expect(row('From the deep past')).toContainText('an unknown date');
  await expect(manager.getByRole('group', { name: 'Memories per month' }).getByRole('button')).toHaveCount(1);

  await screenshot(options, 'memory-rows-variable');
  // Rows take their content's height and never overlap.
  const boxes = await list.getByRole('listitem').evaluateAll((items) =>
    (items as HTMLElement[]).map((el) => ({
      text: el.textContent ?? '',
      top: el.offsetTop,
      height: el.offsetHeight,
    })),
  );
  const short = boxes.find((b) => b.text.includes('Likes tea'))!;
  const tall = boxes.find((b) => b.text.includes('long list of places'))!;
  expect(tall.height).toBeGreaterThan(short.height + 20);
  const sorted = [...boxes].sort((a, b) => a.top - b.top);
  for (let i = 1; i < sorted.length; i++)
    expect(sorted[i]!.top).toBeGreaterThanOrEqual(sorted[i - 1]!.top + sorted[i - 1]!.height);

  await row('From the far future').getByRole('button', { name: 'Forget memory' }).click();
  await expect(row('From the far future')).toHaveCount(0);
  await row('From the deep past').getByRole('button', { name: 'Forget memory' }).click();
  await expect(row('From the deep past')).toHaveCount(0);
  expect((await readMemories(options)).map((m) => m.id).sort()).toEqual(['long', 'short']);
});
