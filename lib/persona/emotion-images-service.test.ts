import 'fake-indexeddb/auto';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { freshDb } from '../backup/test-fixtures';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { importCard } from './cards/import-card';
import { jsonBytes, v3Card } from './cards/test-fixtures';
import { createEmotionImagesService } from './emotion-images-service';
import { createEmotionImageSource } from './emotion-images-source';
import { createPersonaService } from './persona-service';
import type { Change } from '../messaging/changes';

async function setup() {
  const db = await freshDb();
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const personas = createPersonaService({
    db,
    settings: { read: async () => settings, update: async (change) => (settings = change(settings)) },
  });
  return { db, personas, images: createEmotionImagesService(personas) };
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** A CHARX card with emotion pictures labelled as SillyTavern labels them. */
function charxWithEmotions() {
  const card = v3Card('Cora', [
    { type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' },
    { type: 'emotion', uri: 'embeded://assets/emotion/image/joy.png', name: 'joy', ext: 'png' },
    { type: 'emotion', uri: 'embedded://assets/emotion/image/happy.png', name: 'happy', ext: 'png' },
    { type: 'emotion', uri: 'embedded://assets/emotion/image/sadness.webp', name: 'sadness', ext: 'webp' },
    { type: 'emotion', uri: 'embedded://assets/emotion/image/hat.png', name: 'hat', ext: 'png' },
    { type: 'emotion', uri: 'https://example.org/anger.png', name: 'anger', ext: 'png' },
  ]);
  return zipSync({
    'card.json': jsonBytes(card),
    'assets/emotion/image/joy.png': new Uint8Array([1]),
    'assets/emotion/image/happy.png': new Uint8Array([2]),
    'assets/emotion/image/sadness.webp': new Uint8Array([3]),
    'assets/emotion/image/hat.png': new Uint8Array([4]),
  });
}

describe('emotion images of a persona', () => {
  it("places a CHARX card's emotion assets on the feelings (the feeling's own name first), never fetching remote ones", async () => {
    const { personas, images } = await setup();
    const cora = await personas.importCard(importCard(charxWithEmotions()).card);
    const list = await images.list(cora.id);
    expect(list.map((i) => [i.feeling, i.source, i.label])).toEqual([
      ['happy', 'card', 'happy'],
      ['sad', 'card', 'sadness'],
    ]);
    const byFeeling = await images.byFeeling(cora.id);
    expect(await bytesOf(byFeeling.happy!)).toEqual(new Uint8Array([2]));
    expect(byFeeling.sad!.type).toBe('image/webp');
    expect(byFeeling.annoyed).toBeUndefined();
  });

  it("puts the user's picture over the card's, replaces it, and removes only the user's", async () => {
    const { personas, images } = await setup();
    const cora = await personas.importCard(importCard(charxWithEmotions()).card);
    await images.add(cora.id, 'happy', new Uint8Array([9]), 'image/png');
    expect(await bytesOf((await images.byFeeling(cora.id)).happy!)).toEqual(new Uint8Array([9]));
    await images.add(cora.id, 'happy', new Uint8Array([8]), 'image/jpeg');
    const users = (await images.list(cora.id)).filter((i) => i.source === 'user');
    expect(users).toHaveLength(1);
    expect(users[0]!.blob.type).toBe('image/jpeg');

    const card = (await images.list(cora.id)).find((i) => i.source === 'card')!;
    await expect(images.remove(cora.id, card.assetId)).rejects.toThrow(/part of the card/);
    await images.remove(cora.id, users[0]!.assetId);
    expect(await bytesOf((await images.byFeeling(cora.id)).happy!)).toEqual(new Uint8Array([2]));
    // The card's files are still there for export.
    const exported = await personas.exportCard(cora.id);
    expect(Object.keys(exported.files).sort()).toEqual([
      'assets/emotion/image/happy.png',
      'assets/emotion/image/hat.png',
      'assets/emotion/image/joy.png',
      'assets/emotion/image/sadness.webp',
    ]);
  });

  it('refuses what is not an image, and a persona that does not exist', async () => {
    const { personas, images } = await setup();
    // resolve() stores the default persona on first use.
    const ember = await personas.resolve('default');
    await expect(images.add(ember.id, 'sad', new Uint8Array([1]), 'text/html')).rejects.toThrow(
      /text\/html is not a PNG, JPEG, WebP, GIF or AVIF image/,
    );
    await expect(images.add('gone', 'sad', new Uint8Array([1]), 'image/png')).rejects.toThrow(
      /no longer exists/,
    );
    expect(await images.list(ember.id)).toEqual([]);
  });

  it('the panel source reads the same pictures and says when personas change', async () => {
    const { db, personas } = await setup();
    const cora = await personas.importCard(importCard(charxWithEmotions()).card);
    const listeners: ((c: Change) => void)[] = [];
    const source = createEmotionImageSource(async () => db, {
      subscribe: (l) => (listeners.push(l), () => listeners.splice(listeners.indexOf(l), 1)),
    });
    expect(Object.keys(await source.load(cora.id)).sort()).toEqual(['happy', 'sad']);
    let calls = 0;
    const stop = source.watch(() => calls++);
    listeners.forEach((l) => l({ topic: 'personas', ids: [cora.id] }));
    listeners.forEach((l) => l({ topic: 'memories' }));
    expect(calls).toBe(1);
    stop();
    expect(listeners).toHaveLength(0);
  });
});
