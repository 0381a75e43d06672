// Dense memory search end to end: a loopback "hub" serves a tiny model under the default
// catalog id, the options page downloads and chooses it, and the panel embeds what is said.
import { createServer, type Server } from 'node:http';
import { readFile, rm, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { makeTinyEmbedder, type TinyEmbedder } from '../fixtures/make-tiny-embedder';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { DEFAULT_EMBEDDING_MODEL_ID, findEmbeddingModel } from '../../lib/memory/embedders/catalog';
import { expect, openOptions, openSidePanel, test, type ChromeApi } from './fixtures';
import { PanelPage } from './pages/panel';

let tiny: TinyEmbedder;
let hub: Server;
let hubUrl: string;
let llm: ScriptedLlmServer;
const hubRequests: string[] = [];

/** Serves `{root}/{org}/{name}/{file}` at `/{org}/{name}/resolve/main/{file}`, with CORS. */
function startHub(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', '*');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Length, ETag');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      hubRequests.push(path);
      const match = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(path);
      const file = match ? normalize(join(root, match[1]!, match[2]!, match[3]!)) : null;
      if (!file || !file.startsWith(root) || !(await stat(file).catch(() => null))?.isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Length': body.length, 'Content-Type': 'application/octet-stream' });
      if (req.method === 'HEAD') res.end();
      else res.end(body);
    })().catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test.beforeAll(async () => {
  tiny = await makeTinyEmbedder(undefined, { modelId: DEFAULT_EMBEDDING_MODEL_ID, hiddenSize: 384 });
  hub = await startHub(tiny.root);
  const address = hub.address();
  if (!address || typeof address === 'string') throw new Error('The model hub did not start.');
  hubUrl = `http://127.0.0.1:${address.port}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => hub.close(resolve));
  await rm(tiny.root, { recursive: true, force: true });
});

test.beforeEach(async () => {
  llm = await startScriptedLlmServer();
});
test.afterEach(async () => {
  await llm.close();
});

/** Every stored memory and how many vector blocks there are, as IndexedDB holds them. */
function readStores(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hearth');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const memories = await read<{ id: string; text: string; embedderId?: string }>('memories');
    const blocks = await read<{ embedderId: string; ids: string[] }>('vectorBlocks');
    db.close();
    return {
      memories: memories.map((m) => ({ id: m.id, text: m.text, embedderId: m.embedderId ?? null })),
      vectors: blocks.flatMap((b) => b.ids.map((id) => ({ id, embedderId: b.embedderId }))),
    };
  });
}

test('choosing an embedding model in the options page embeds what is said in the panel', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const model = findEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID)!;

  const options = await openOptions(context, extensionId);
  const section = options.getByRole('form', { name: 'Memory search' });
  await expect(section.getByRole('radio', { name: 'Keyword search only' })).toBeChecked();
  await section.getByRole('textbox', { name: /Model download mirror/ }).fill(hubUrl);
  await section
    .getByRole('radio', { name: new RegExp(`^${model.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
    .check();
  await section.getByRole('button', { name: `Download and use ${model.label}` }).click();
  await expect(
    section.getByRole('status').filter({ hasText: `Memory search uses ${model.label}` }),
  ).toBeVisible({
    timeout: 90_000,
  });
  expect(hubRequests.some((p) => p.startsWith(`/${DEFAULT_EMBEDDING_MODEL_ID}/resolve/main/`))).toBe(true);
  const stored = await options.evaluate(
    async () =>
      (await (globalThis as unknown as { chrome: ChromeApi }).chrome.storage.local.get('settings')).settings,
  );
  expect((stored as { value: { memory: unknown } }).value.memory).toEqual({
    embedder: DEFAULT_EMBEDDING_MODEL_ID,
    modelHost: hubUrl,
  });
  // The downloaded model is listed with a Remove button.
  await expect(
    section.getByRole('region', { name: 'Downloaded embedding models' }).getByRole('button', {
      name: `Remove ${model.label}`,
    }),
  ).toBeVisible();

  const panelPage = await openSidePanel(context, extensionId);
  const panel = new PanelPage(panelPage);
  await panel.connectEndpoint(llm.baseUrl, 'test-model');
  await panel.waitForEngine();
  await expect(panelPage.locator('#app')).toHaveAttribute('data-memory-search', 'ready', { timeout: 90_000 });

  llm.enqueue({ kind: 'reply', text: 'A garden sounds lovely!' });
  await panel.send('I love my garden in the morning sun.');
  await expect(panel.lastReply()).toContainText('A garden sounds lovely!');
  await panel.waitForIdle();

  await expect
    .poll(
      async () => {
        const { memories, vectors } = await readStores(panelPage);
        const embedded = memories.filter((m) => m.embedderId?.startsWith(`${DEFAULT_EMBEDDING_MODEL_ID}@`));
        return {
          some: memories.length > 0,
          allEmbedded: embedded.length === memories.length,
          vectorsForEach: memories.every((m) => vectors.some((v) => v.id === m.id)),
        };
      },
      { timeout: 60_000 },
    )
    .toEqual({ some: true, allEmbedded: true, vectorsForEach: true });
  const { memories } = await readStores(panelPage);
  expect(memories.some((m) => m.text.includes('garden'))).toBe(true);

  // Removing the model in use goes back to keyword search; the open panel follows.
  await options.bringToFront();
  await section.getByRole('button', { name: `Remove ${model.label}` }).click();
  await expect(section.getByRole('status').filter({ hasText: `Removed ${model.label}` })).toBeVisible();
  await expect(section.getByRole('radio', { name: 'Keyword search only' })).toBeChecked();
  await expect(section.getByRole('region', { name: 'Downloaded embedding models' })).toHaveCount(0);
  await expect(panelPage.locator('#app')).not.toHaveAttribute('data-memory-search', /.*/);
});
