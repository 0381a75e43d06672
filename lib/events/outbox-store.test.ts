import { afterEach, describe, expect, it, vi } from 'vitest';
import { openHearthDb } from '../db/open';
import { createChatStore } from '../chat/chat-store';
import { createMemoryStore } from '../memory/memory-store';
import { createMoodStore } from '../mood/mood-store';
import { createPersonaStore } from '../persona/persona-store';
import { initialMood } from '../mood/mood-state';
import { initialRelationship } from '../mood/relationship';
import { DEFAULT_TEMPERAMENT } from '../mood/temperament';
import { defaultPersona } from '../persona/default-persona';
import { appendEvents, onOutboxCommit, readOutbox, withOutbox } from './outbox-store';
import type { NewMemory } from '../memory/records';
import { moodWriteEvents } from './mood-write-events';
import { OutboxRecord } from './outbox-records';

const open = () => openHearthDb({ name: `outbox-store-test-${crypto.randomUUID()}` });
const memory = (text: string): NewMemory => ({
  text,
  kind: 'preference',
  provenance: { type: 'messages', messageIds: ['m1'] },
  conversationId: 'c1',
});

/**
 * Makes the next write to the outbox fail as a full disk would (the request is refused), so
 * the change written in the same transaction must not be stored either.
 */
function refuseOutboxWrites() {
  const original = IDBObjectStore.prototype.add;
  return vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['add']>
  ) {
    if (this.name === 'outbox') throw new DOMException('The disk is full', 'QuotaExceededError');
    return original.apply(this, args);
  });
}

/** Lets the outbox write succeed, then aborts its transaction (as a failed commit would). */
function abortAfterOutboxWrite() {
  const original = IDBObjectStore.prototype.add;
  return vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['add']>
  ) {
    const request = original.apply(this, args);
    if (this.name === 'outbox') request.addEventListener('success', () => this.transaction.abort());
    return request;
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the outbox is written with the change, in one transaction', () => {
  it('a user message and the final reply each write one thin event; a streaming placeholder none', async () => {
    const db = await open();
    const chat = createChatStore(db);
    const conversation = await chat.createConversation('p1');
    const user = await chat.addMessage({
      conversationId: conversation.id,
      role: 'user',
      content: 'My secret plans for Tuesday',
      status: 'complete',
    });
    const reply = await chat.addMessage({
      conversationId: conversation.id,
      role: 'assistant',
      content: '',
      status: 'stopped',
    });
    expect((await readOutbox(db)).events.map((e) => e.type)).toEqual(['message.sent']);
    await chat.updateMessage(reply.id, { content: 'Tell me more' }); // an interim save
    await chat.updateMessage(reply.id, { content: 'Tell me more about Tuesday', status: 'complete' });

    const { events } = await readOutbox(db);
    expect(events.map((e) => [e.type, e.data, e.idempotencyKey])).toEqual([
      [
        'message.sent',
        { conversationId: conversation.id, messageId: user.id, personaId: 'p1' },
        `message.sent:${user.id}`,
      ],
      [
        'message.received',
        { conversationId: conversation.id, messageId: reply.id, personaId: 'p1', status: 'complete' },
        `message.received:${reply.id}`,
      ],
    ]);
    expect(JSON.stringify(await db.getAll('outbox'))).not.toMatch(/Tuesday|secret/);
    // Not yet fanned out to webhooks: each record is in the sparse pending index.
    const rows = (await db.getAll('outbox')).map((row) => OutboxRecord.parse(row));
    expect(rows.every((row) => typeof row.pendingAt === 'number')).toBe(true);
    expect(await db.countFromIndex('outbox', 'byPending')).toBe(2);
  });

  it('a message whose event cannot be written is not stored, and the caller hears why', async () => {
    const db = await open();
    const chat = createChatStore(db);
    const conversation = await chat.createConversation('p1');
    refuseOutboxWrites();
    await expect(
      chat.addMessage({
        conversationId: conversation.id,
        role: 'user',
        content: 'hello',
        status: 'complete',
      }),
    ).rejects.toThrow(/full|quota|space/i);
    vi.restoreAllMocks();
    expect(await chat.countMessages(conversation.id)).toBe(0);
    expect(await db.count('outbox')).toBe(0);
    expect((await chat.getConversation(conversation.id))?.title).toBe('New chat');
  });

  it('an aborted transaction keeps neither the message nor its event', async () => {
    const db = await open();
    const chat = createChatStore(db);
    const conversation = await chat.createConversation('p1');
    abortAfterOutboxWrite();
    await expect(
      chat.addMessage({
        conversationId: conversation.id,
        role: 'user',
        content: 'hello',
        status: 'complete',
      }),
    ).rejects.toThrow();
    vi.restoreAllMocks();
    expect(await chat.countMessages(conversation.id)).toBe(0);
    expect(await db.count('outbox')).toBe(0);
  });

  it('memories: created, merged and edited (updated), superseded (created + updated), forgotten; bookkeeping writes none', async () => {
    const db = await open();
    let n = 0;
    const store = createMemoryStore(db, { newId: () => `mem${n++}`, now: () => 1_000 + n });
    const { record } = await store.add(memory('The user likes tea.'));
    await store.add(memory('The user likes tea.')); // identical: merged into mem0
    await store.update(record.id, { importance: 0.9 });
    await store.touch([record.id]);
    await store.markEmbedded([record.id], 'e1');
    const { record: coffee } = await store.supersede(record.id, memory('The user likes coffee.'));
    await store.forget([coffee.id, 'missing']);

    const { events } = await readOutbox(db);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['memory.created', { memoryId: 'mem0', kind: 'preference', conversationId: 'c1' }],
      ['memory.updated', { memoryId: 'mem0', kind: 'preference' }],
      ['memory.updated', { memoryId: 'mem0', kind: 'preference' }],
      ['memory.created', { memoryId: 'mem2', kind: 'preference', conversationId: 'c1' }],
      ['memory.updated', { memoryId: 'mem2', kind: 'preference', supersededId: 'mem0' }],
      ['memory.forgotten', { memoryId: 'mem2' }],
    ]);
    expect(JSON.stringify(await db.getAll('outbox'))).not.toMatch(/tea|coffee/);
  });

  it('a memory whose event is refused is not stored; a forget whose event is refused deletes nothing', async () => {
    const db = await open();
    const store = createMemoryStore(db, { newId: () => 'kept' });
    await store.add(memory('The user likes tea.'));
    refuseOutboxWrites();
    await expect(createMemoryStore(db, { newId: () => 'lost' }).add(memory('New.'))).rejects.toThrow();
    await expect(store.forget('kept')).rejects.toThrow();
    vi.restoreAllMocks();
    expect(await store.get('lost')).toBeUndefined();
    expect(await store.get('kept')).toBeDefined();
    expect((await readOutbox(db)).events.map((e) => e.type)).toEqual(['memory.created']);
  });

  it('mood: a changed feeling and a new relationship stage write their events; the first write and small moves none', async () => {
    const db = await open();
    const store = createMoodStore(db);
    const calm = { ...initialMood('p1', DEFAULT_TEMPERAMENT, 1_000), seq: 0 };
    const relationship = initialRelationship('p1', 1_000);
    await store.write({ mood: calm, relationship });
    await store.write({ mood: { ...calm, updatedAt: 2_000, seq: 1 } }); // same feeling
    expect(await db.count('outbox')).toBe(0);
    const other = calm.feeling === 'sad' ? 'happy' : 'sad';
    await store.write({
      mood: { ...calm, feeling: other, updatedAt: 3_000, seq: 2 },
      relationship: { ...relationship, familiarity: 0.2, updatedAt: 3_000 },
      entries: [
        {
          id: 'p1:1',
          personaId: 'p1',
          at: 3_000,
          kind: 'mood',
          cause: 'user-message',
          rule: 'test',
          after: {},
          delta: {},
        },
      ],
    });
    const { events } = await readOutbox(db);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'mood.changed',
        { personaId: 'p1', feeling: other, previousFeeling: calm.feeling, cause: 'user-message' },
      ],
      ['relationship.stage_changed', { personaId: 'p1', stage: 'acquainted', previousStage: 'new' }],
    ]);
  });

  it('a mood change whose event is refused leaves the stored mood as it was', async () => {
    const db = await open();
    const store = createMoodStore(db);
    const calm = { ...initialMood('p1', DEFAULT_TEMPERAMENT, 1_000), seq: 0 };
    await store.write({ mood: calm });
    refuseOutboxWrites();
    const other = calm.feeling === 'sad' ? 'happy' : 'sad';
    await expect(store.write({ mood: { ...calm, feeling: other, seq: 1 } })).rejects.toThrow();
    vi.restoreAllMocks();
    expect((await store.read('p1')).mood).toEqual(calm);
  });

  it('persona: a save names the fields that changed, never their text; a refused event keeps the old persona', async () => {
    const db = await open();
    const personas = createPersonaStore(db);
    const ember = await personas.get(defaultPersona().id);
    await db.clear('outbox');
    await personas.save({ ...ember, name: 'Ash', greeting: 'Hello there, friend' });
    await personas.save({ ...ember, name: 'Ash', greeting: 'Hello there, friend' }); // nothing named changed
    const { events } = await readOutbox(db);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['persona.changed', { personaId: ember.id, fields: ['name', 'greeting'] }],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Ash|friend/);

    refuseOutboxWrites();
    await expect(personas.save({ ...ember, name: 'Rowan' })).rejects.toThrow();
    vi.restoreAllMocks();
    expect((await personas.get(ember.id)).name).toBe('Ash');
  });

  it('tells listeners after the commit, and never about an aborted transaction', async () => {
    const db = await open();
    const heard: string[] = [];
    const stop = onOutboxCommit((events) => heard.push(...events.map((e) => e.type)));
    const tx = db.transaction(withOutbox(db, ['memories']), 'readwrite');
    await appendEvents(tx, [{ type: 'memory.forgotten', data: { memoryId: 'x' } }]);
    tx.abort();
    await tx.done.catch(() => undefined);
    expect(await db.count('outbox')).toBe(0);

    await createMemoryStore(db).forget('nothing-here'); // no memory, no event
    await createMemoryStore(db, { newId: () => 'm' }).add(memory('The user hikes.'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(heard).toEqual(['memory.created']);
  });

  it('an event that does not fit its schema aborts the change it came with', async () => {
    const db = await open();
    const tx = db.transaction(withOutbox(db, ['memories']), 'readwrite');
    const half = tx
      .objectStore('memories')
      .put({ id: 'half' } as never)
      .catch((e: unknown) => e);
    await expect(
      appendEvents(tx, [{ type: 'memory.forgotten', data: { memoryId: 'x', text: 'leak' } as never }]),
    ).rejects.toThrow(/memory.forgotten/);
    await tx.done.catch(() => undefined);
    expect(await half).toBeInstanceOf(DOMException);
    expect(await db.count('memories')).toBe(0);
  });

  it('a damaged stored mood has no "before": the write goes through with no event', async () => {
    const db = await open();
    await db.put('moodStates', { personaId: 'p1', feeling: 'furious', seq: 'x' } as never);
    const calm = { ...initialMood('p1', DEFAULT_TEMPERAMENT, 1_000), seq: 0 };
    const tx = db.transaction(withOutbox(db, ['moodStates', 'relationships', 'moodLog']), 'readwrite');
    expect(await moodWriteEvents(tx, { mood: calm })).toEqual([]);
    await tx.done;
    await createMoodStore(db).write({ mood: calm });
    expect((await createMoodStore(db).read('p1')).mood).toEqual(calm);
    expect(await db.count('outbox')).toBe(0);
  });
});
