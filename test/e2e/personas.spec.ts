import type { Page } from '@playwright/test';
import type { ScriptedLlmServer } from '../support/scripted-llm-server';
import { expect, test } from './fixtures';
import { openConnectedPanel, type PanelPage } from './pages/panel';

/*
 * Several personas in the real panel, against the scripted endpoint: each conversation
 * answers as its own persona, recalls only its own episodes, and its lorebook reaches the
 * prompt when a key is said. The personas are written into IndexedDB the way the persona
 * library stores them (the library's own import is tested in its spec).
 */

type Seed = { id: string; name: string } & Record<string, unknown>;

/** Stores personas in Hearth's database, then reopens the panel so it reads them. */
async function seedPersonas(panel: PanelPage, personas: Seed[]) {
  await panel.page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('personas', 'readwrite');
      for (const row of rows)
        tx.objectStore('personas').put({ createdAt: Date.now(), updatedAt: Date.now(), ...row });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, personas);
  await panel.page.reload();
  await panel.waitForEngine();
}

const prompts = (llm: ScriptedLlmServer) =>
  llm.chatRequests().map((r) => (r.body as { messages: { role: string; content: string }[] }).messages);
const lastSystem = (llm: ScriptedLlmServer) => prompts(llm).at(-1)![0]!.content;

async function newChatWith(panel: PanelPage, name: string) {
  await panel.page.getByRole('button', { name: 'New chat', exact: true }).click();
  await panel.page.getByRole('button', { name: `New chat with ${name}` }).click();
  await expect(panel.page.getByRole('heading', { level: 1 })).toHaveText(name);
}

async function exchange(panel: PanelPage, llm: ScriptedLlmServer, text: string, reply = 'I see.') {
  llm.enqueue({ kind: 'reply', text: reply });
  await panel.send(text);
  await expect(panel.lastReply()).toContainText(reply);
  await panel.waitForIdle();
}

async function waitForEpisode(page: Page, text: string) {
  await expect
    .poll(() =>
      page.evaluate(async (needle) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('hearth');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const all = await new Promise<{ text: string; personaId?: string | null }[]>((resolve, reject) => {
          const request = db.transaction('memories').objectStore('memories').getAll();
          request.onsuccess = () => resolve(request.result as { text: string; personaId?: string | null }[]);
          request.onerror = () => reject(request.error);
        });
        db.close();
        return all.find((m) => m.text.includes(needle))?.personaId ?? null;
      }, text),
    )
    .not.toBeNull();
}

test('two personas do not see each other’s episodes', async ({ context, extensionId, llm }) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  await seedPersonas(panel, [{ id: 'sage', name: 'Sage', description: 'An old astronomer.' }]);

  await newChatWith(panel, 'Ember');
  await exchange(panel, llm, 'The old lighthouse flies a pineapple-zebra flag on Sundays.');
  await waitForEpisode(panel.page, 'pineapple-zebra');
  expect(lastSystem(llm)).toContain('You are Ember');

  // Sage is asked about it: the prompt the server receives is Sage's, without Ember's episode.
  await newChatWith(panel, 'Sage');
  await exchange(panel, llm, 'What flag does the old lighthouse fly, the pineapple-zebra one?');
  expect(lastSystem(llm)).toContain('You are Sage');
  expect(lastSystem(llm)).not.toContain('Ember');
  expect(lastSystem(llm)).not.toContain('flies a pineapple-zebra flag');

  // Ember, asked the same in a new conversation, remembers it: the check above can fail.
  await newChatWith(panel, 'Ember');
  await exchange(panel, llm, 'What flag does the old lighthouse fly, the pineapple-zebra one?');
  expect(lastSystem(llm)).toContain('flies a pineapple-zebra flag');
});

test('a lorebook entry reaches the prompt when its key is said, and not otherwise; greetings can be swiped', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await openConnectedPanel(context, extensionId, llm);
  await seedPersonas(panel, [
    {
      id: 'sage',
      name: 'Sage',
      description: 'An old astronomer.',
      greeting: 'Good evening, {{user}}.',
      alternateGreetings: ['The stars are out, {{user}}.'],
      lorebook: {
        entries: [{ keys: ['comet'], content: 'LORE: Halley returns every 76 years.', enabled: true }],
      },
    },
  ]);
  await newChatWith(panel, 'Sage');
  const greeting = panel.page.getByTestId('greeting');
  await expect(greeting).toContainText('Good evening, User.');
  await panel.page.getByRole('button', { name: 'Next greeting' }).click();
  await expect(greeting).toContainText('The stars are out, User.');

  await exchange(panel, llm, 'Tell me about the night sky.');
  expect(lastSystem(llm)).not.toContain('Halley');
  expect(lastSystem(llm)).toContain('You (Sage) opened this conversation with:\nThe stars are out, User.');
  await expect(panel.log.getByText('The stars are out, User.')).toBeVisible();

  await exchange(panel, llm, 'Is a comet coming this year?');
  expect(lastSystem(llm)).toContain('LORE: Halley returns every 76 years.');

  await exchange(panel, llm, 'What about the moon? And the tides? And the wind?');
  await exchange(panel, llm, 'Fine. And planets? Mars? Venus?');
  await exchange(panel, llm, 'Saturn rings? Jupiter storms?');
  await exchange(panel, llm, 'Thanks, good night.');
  // Past the scan depth (4 turns) the key is no longer seen.
  expect(lastSystem(llm)).not.toContain('Halley');
  // Every prompt ends with the persona's reminder after the user's message.
  for (const messages of prompts(llm))
    expect(messages.at(-1)!.content).toContain('Stay in character as Sage');
});
