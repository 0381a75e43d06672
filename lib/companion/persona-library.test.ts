import 'fake-indexeddb/auto';
import { zipSync, zlibSync } from 'fflate';
import encodeChunks from 'png-chunks-encode';
import { describe, expect, it } from 'vitest';
import { freshDb } from '../backup/test-fixtures';
import { createChatStore } from '../chat/chat-store';
import { cardFromJson } from '../persona/cards/card-json';
import { importCard } from '../persona/cards/import-card';
import { readPngChunks } from '../persona/cards/png-card';
import { defaultAvatarPng } from '../persona/cards/default-avatar';
import { exportCard } from '../persona/cards/export-card';
import { jsonBytes, v2Card, v3Card } from '../persona/cards/test-fixtures';
import { createPersonaService } from '../persona/persona-service';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import type { Change } from '../messaging/changes';
import { createPersonaLibrary } from './persona-library';

async function setup() {
  const db = await freshDb();
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const personas = createPersonaService({
    db,
    settings: { read: async () => settings, update: async (change) => (settings = change(settings)) },
  });
  const chats = createChatStore(db);
  const published: Change[] = [];
  const library = createPersonaLibrary({ personas, chats, publish: (c) => published.push(c) });
  return { personas, chats, library, published };
}

const bytesOf = async (blob: Blob | null) => new Uint8Array(await blob!.arrayBuffer());

describe('the persona library service', () => {
  it('imports a card file, or says it needs a name; nothing nameless is stored', async () => {
    const { library, personas } = await setup();
    const nameless = jsonBytes({ ...v2Card(), data: { ...(v2Card().data as object), name: '' } });
    expect(await library.importCard(nameless)).toEqual({ kind: 'needs-name' });
    expect((await personas.list()).map((p) => p.name)).toEqual(['Ember']);
    const named = await library.importCard(nameless, { name: 'Wren' });
    expect(named).toMatchObject({ kind: 'imported', container: 'json', persona: { name: 'Wren' } });
    await expect(library.importCard(new TextEncoder().encode('{"spec":"chara_card_v9"}'))).rejects.toThrow(
      /spec: "chara_card_v9" is not a card spec/,
    );
  });

  it("shows the card's PNG, a CHARX icon, or the user's own avatar, and nothing for a persona without one", async () => {
    const { library, personas } = await setup();
    const png = exportCard(cardFromJson(v2Card('Aria')), 'png');
    const aria = await library.importCard(png);
    if (aria.kind !== 'imported') throw new Error('not imported');
    expect(await bytesOf(await library.avatar(aria.persona.id))).toEqual(png);

    const icon = defaultAvatarPng();
    const charx = zipSync({
      'card.json': jsonBytes(
        v3Card('Cora', [
          { type: 'icon', uri: 'embeded://assets/icon/image/main.png', name: 'main', ext: 'png' },
        ]),
      ),
      'assets/icon/image/main.png': icon,
    });
    const cora = await library.importCard(charx);
    if (cora.kind !== 'imported') throw new Error('not imported');
    expect(await bytesOf(await library.avatar(cora.persona.id))).toEqual(icon);

    const own = new Uint8Array([1, 2, 3]);
    await personas.addAsset(cora.persona.id, {
      kind: 'avatar',
      label: 'avatar',
      mime: 'image/webp',
      bytes: own,
    });
    expect(await bytesOf(await library.avatar(cora.persona.id))).toEqual(own);

    const plain = await library.create('Plain');
    expect(await library.avatar(plain.id)).toBeNull();
  });

  it("gives the inspector the persona's last conversation's recent turns, oldest first", async () => {
    const { library, chats } = await setup();
    const other = await library.create('Other');
    expect(await library.recentTurns(other.id, 3)).toEqual([]);
    const older = await chats.createConversation(other.id);
    await chats.addMessage({
      conversationId: older.id,
      role: 'user',
      content: 'old',
      status: 'complete',
      createdAt: 1,
    });
    const chat = await chats.createConversation(other.id);
    for (const [i, content] of ['one', 'two', 'three', 'four'].entries()) {
      await chats.addMessage({
        conversationId: chat.id,
        role: i % 2 ? 'assistant' : 'user',
        content,
        status: 'complete',
        createdAt: 10 + i,
      });
    }
    expect(await library.recentTurns(other.id, 3)).toEqual(['two', 'three', 'four']);
    expect(await library.lastReplyReport(other.id)).toBeNull();
    const report = {
      entries: [],
      notListed: 2,
      budget: { limit: null, used: 0, source: 'none' as const },
      scanDepth: 4,
    };
    await chats.addMessage({
      conversationId: chat.id,
      role: 'assistant',
      content: 'five',
      status: 'complete',
      createdAt: 20,
      lorebook: report,
    });
    await chats.addMessage({
      conversationId: chat.id,
      role: 'user',
      content: 'six',
      status: 'complete',
      createdAt: 21,
    });
    expect(await library.lastReplyReport(other.id)).toEqual({ at: 20, report });
    expect(await library.recentTurns('default', 3)).toEqual([]);
  });

  it('updates from a whole persona, and tells the panel when a picture is removed', async () => {
    const { library, published } = await setup();
    const made = await library.create('Sage');
    const saved = await library.update({ ...made, description: 'quiet', createdAt: 0, updatedAt: 0 });
    expect(saved).toMatchObject({ id: made.id, description: 'quiet', createdAt: made.createdAt });
    await library.addEmotionImage(made.id, 'sad', new Uint8Array([1]), 'image/png');
    const [image] = await library.emotionImages(made.id);
    await library.removeEmotionImage(made.id, image!.assetId!);
    expect(published).toContainEqual({ topic: 'personas', ids: [made.id] });
    expect(await library.emotionImages(made.id)).toEqual([]);
  });

  it("keeps the user's own picture, replacing the old one, and a PNG export of a Hearth-made persona carries it", async () => {
    const { library, personas } = await setup();
    const made = await library.create('Fern');
    // A 1×1 red PNG: not the default picture a PNG export falls back on.
    const first = encodeChunks([
      { name: 'IHDR', data: new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]) },
      { name: 'IDAT', data: zlibSync(new Uint8Array([0, 255, 0, 0])) },
      { name: 'IEND', data: new Uint8Array(0) },
    ]);
    await library.setAvatar(made.id, new Uint8Array([1]), 'image/webp');
    await library.setAvatar(made.id, first, 'image/png');
    expect(await personas.assets(made.id, 'avatar')).toHaveLength(1);
    expect(await bytesOf(await library.avatar(made.id))).toEqual(first);
    await expect(library.setAvatar(made.id, new Uint8Array([1]), 'image/svg+xml')).rejects.toThrow(
      /image\/svg\+xml is not a PNG/,
    );
    const png = await library.exportCard(made.id, 'png');
    const idat = (bytes: Uint8Array) =>
      readPngChunks(bytes)
        .filter((c) => c.name === 'IDAT')
        .map((c) => [...c.data]);
    expect(idat(png)).toEqual(idat(first));
    expect(importCard(png).card.data.name).toBe('Fern');
  });
});
