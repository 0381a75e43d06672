import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { createChatStore } from '../chat/chat-store';
import { createMemoryStore } from '../memory/memory-store';
import type { Change } from '../messaging/changes';
import { importCard } from './cards/import-card';
import { exportCard as writeCard } from './cards/export-card';
import { cardToV3 } from './cards/card-json';
import { b64, jsonBytes, pngWith, tEXt, v2Card, v3Card } from './cards/test-fixtures';
import { createPersonaService, PersonaInUseError, type SettingsPort } from './persona-service';

function memorySettings(): SettingsPort & { value: Settings } {
  const port = {
    value: structuredClone(DEFAULT_SETTINGS),
    read: async () => structuredClone(port.value),
    update: async (change: (s: Settings) => Settings) => (port.value = change(structuredClone(port.value))),
  };
  return port;
}

async function setup() {
  const db = await openHearthDb({ name: `persona-service-${crypto.randomUUID()}` });
  const settings = memorySettings();
  const published: Change[] = [];
  let t = 1_000;
  const service = createPersonaService({
    db,
    settings,
    now: () => (t += 10),
    publish: (c) => published.push(c),
  });
  return { db, settings, service, published };
}

const draft = { name: 'Sage', description: 'A quiet scholar.' };

describe('persona service', () => {
  it('creates, lists, updates and duplicates personas, with defaults for every card field', async () => {
    const { service, published } = await setup();
    expect((await service.list()).map((p) => p.name)).toEqual(['Ember']); // the default until one is stored
    const sage = await service.create(draft);
    expect(sage).toMatchObject({
      name: 'Sage',
      nickname: '',
      alternateGreetings: [],
      keepsToItself: false,
      lorebook: null,
    });
    const updated = await service.update(sage.id, { nickname: 'Sa', keepsToItself: true });
    expect(updated).toMatchObject({ nickname: 'Sa', keepsToItself: true, createdAt: sage.createdAt });
    expect(updated.updatedAt).toBeGreaterThan(sage.updatedAt);
    const copy = await service.duplicate(sage.id);
    expect(copy).toMatchObject({ name: 'Sage (copy)', nickname: 'Sa', keepsToItself: true });
    expect(copy.id).not.toBe(sage.id);
    expect((await service.list()).map((p) => p.name)).toEqual(['Sage', 'Sage (copy)']);
    expect(published.filter((c) => c.topic === 'personas')).toHaveLength(3);
  });

  it('refuses a persona without a name or with a wrong field, naming it, and stores nothing', async () => {
    const { service, db } = await setup();
    await expect(service.create({ name: '   ' })).rejects.toThrow(/name/);
    await expect(
      service.create({ name: 'X', temperament: { baseline: { p: 3, a: 0, d: 0 }, halfLifeHours: 4 } }),
    ).rejects.toThrow(/temperament\.baseline\.p/);
    await expect(
      service.create({ name: 'X', lorebook: { entries: [{ keys: 'oops', content: '' }] } as never }),
    ).rejects.toThrow(/lorebook\.entries\.0\.keys: .*expected array/);
    expect(await db.count('personas')).toBe(0);
  });

  it('sets the active persona and the user persona through settings', async () => {
    const { service, settings } = await setup();
    const sage = await service.create(draft);
    await service.setActive(sage.id);
    expect(settings.value.activePersonaId).toBe(sage.id);
    expect((await service.active()).name).toBe('Sage');
    await expect(service.setActive('nope')).rejects.toThrow(/no longer exists/);
    expect(await service.userPersona()).toEqual({ name: 'User', description: '' });
    await service.setUserPersona({ name: 'Ada', description: 'a night-shift nurse' });
    expect(settings.value.userPersona).toEqual({ name: 'Ada', description: 'a night-shift nurse' });
    await expect(service.setUserPersona({ name: '', description: '' })).rejects.toThrow(/name/);
  });

  it('refuses to delete a persona with conversations unless they go too; then removes everything it owned in one step', async () => {
    const { service, db, settings } = await setup();
    const a = await service.create({ name: 'A' });
    const b = await service.create({ name: 'B' });
    await service.setActive(a.id);
    const chat = createChatStore(db);
    const conversation = await chat.createConversation(a.id);
    await chat.addMessage({
      conversationId: conversation.id,
      role: 'user',
      content: 'hi',
      status: 'complete',
    });
    const memories = createMemoryStore(db);
    const provenance = { type: 'messages' as const, messageIds: ['m1'] };
    await memories.add({ text: 'A said hi.', kind: 'episode', provenance, personaId: a.id });
    await memories.add({ text: 'The user likes tea.', kind: 'preference', provenance, personaId: null });
    await memories.add({ text: 'B said hi.', kind: 'episode', provenance, personaId: b.id });
    await service.addAsset(a.id, {
      kind: 'emotion',
      label: 'happy',
      mime: 'image/png',
      bytes: new Uint8Array([1]),
    });
    await db.put('moodStates', { personaId: a.id } as never);

    expect(await service.usage(a.id)).toEqual({ conversations: 1, memories: 1, assets: 1 });
    const refused = await service.delete(a.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PersonaInUseError);
    expect((refused as Error).message).toMatch(/1 conversation/);
    expect(await service.get(a.id)).toBeDefined();
    expect(await db.count('messages')).toBe(1);

    expect(await service.delete(a.id, { withConversations: true })).toEqual({
      conversations: 1,
      messages: 1,
      memories: 1,
      assets: 1,
    });
    expect(await service.get(a.id)).toBeUndefined();
    expect(await db.count('conversations')).toBe(0);
    expect((await memories.list()).map((m) => m.text).sort()).toEqual(['B said hi.', 'The user likes tea.']);
    expect(await db.get('moodStates', a.id)).toBeUndefined();
    // The active persona went with it: the remaining one is active now.
    expect(settings.value.activePersonaId).toBe(b.id);
    await expect(service.delete(b.id)).rejects.toThrow(/at least one persona/);
  });

  it('imports a V2 PNG card into a persona and exports it back with every unknown field and the picture', async () => {
    const { service, db } = await setup();
    const png = pngWith([tEXt('chara', b64(v2Card('Aria')))], 'after-idat');
    const { card } = importCard(png);
    const persona = await service.importCard(card);
    expect(persona).toMatchObject({
      name: 'Aria',
      greeting: 'Welcome, {{user}}.',
      alternateGreetings: ['Another storm…', 'Ahoy.'],
      exampleDialogue: '<START>\n{{char}}: Hello.',
      systemPrompt: '{{original}} Speak softly.',
      postHistoryInstructions: 'Stay in character.',
      scenario: 'a storm',
    });
    expect(persona.lorebook?.entries[0]?.keys).toEqual(['lighthouse']);
    expect((await service.assets(persona.id, 'card-image'))[0]?.bytes).toEqual(png);

    const out = await service.exportCard(persona.id);
    expect(cardToV3(out)).toEqual(cardToV3(card));
    expect(out.image).toEqual(png);
    // And through the card writer: the file reads back as the same card.
    expect(cardToV3(importCard(writeCard(out, 'png')).card)).toEqual(cardToV3(card));
    expect(await db.count('personaAssets')).toBe(1);
  });

  it('exports an edited V3 card with the edits and everything else as imported', async () => {
    const { service } = await setup();
    const { card } = importCard(jsonBytes(v3Card('Mira')));
    const persona = await service.importCard(card);
    expect(persona.nickname).toBe('Mi');
    await service.update(persona.id, { description: 'Now a sailor.', lorebook: null });
    const v3 = cardToV3(await service.exportCard(persona.id)) as { data: Record<string, unknown> };
    expect(v3.data.description).toBe('Now a sailor.');
    expect(v3.data.character_book).toBeUndefined();
    expect(v3.data.unknown_in_data).toEqual({ kept: 'verbatim' });
    expect(v3.data.creator_notes_multilingual).toEqual({ fr: 'pour les tests' });
    expect(v3.data.extensions).toEqual({ talkativeness: '0.5', depth_prompt: { prompt: 'x', depth: 4 } });
  });

  it('refuses a nameless card unless a name is given, and a lorebook that does not read', async () => {
    const { service, db } = await setup();
    const { card } = importCard(jsonBytes(v2Card('Aria')));
    const nameless = { ...card, data: { ...card.data, name: '  ' } };
    await expect(service.importCard(nameless)).rejects.toThrow(/no name/);
    expect((await service.importCard(nameless, { name: 'Named' })).name).toBe('Named');
    const badBook = {
      ...card,
      data: { ...card.data, character_book: { ...card.data.character_book!, scan_depth: -1 } },
    };
    await expect(service.importCard(badBook)).rejects.toThrow(/character_book.*scan_depth/);
    expect(await db.count('personas')).toBe(1);
  });

  it('a persona made in Hearth exports as a V3 card', async () => {
    const { service } = await setup();
    const p = await service.create({ name: 'Sage', greeting: 'Hello.', alternateGreetings: ['Hi.'] });
    const out = await service.exportCard(p.id);
    expect(out.spec).toBe('chara_card_v3');
    expect(out.data).toMatchObject({ name: 'Sage', first_mes: 'Hello.', alternate_greetings: ['Hi.'] });
    expect(importCard(writeCard(out, 'json-v3')).card.data.name).toBe('Sage');
  });
});
