import { describe, expect, it, vi } from 'vitest';
import { openHearthDb } from '../db/open';
import { createChatStore, type ChatStore } from '../chat/chat-store';
import { openMemoryService, type MemoryService } from '../memory/memory-service';
import { defaultPersona } from '../persona/default-persona';
import { DEFAULT_SETTINGS } from '../settings/schema';
import type { PromptMessage } from '../llm/engine';
import { StorageError } from '../db/errors';
import { EngineError } from '../llm/errors';
import type { Change, ChangeChannel } from '../messaging/changes';
import { createChatSession, type ChatSessionDeps } from './chat-session';
import { MEMORY_HEADING } from './remembered-lines';
import { ScriptedEngine, type ScriptedReply } from '../../test/unit/support/scripted-engine';

let dbCount = 0;

/** The change channel's edge: what the session publishes, and a way to deliver others'. */
function fakeChannel() {
  const listeners = new Set<(change: Change) => void>();
  const published: Change[] = [];
  let waiters: { match: (c: Change) => boolean; resolve: (c: Change) => void }[] = [];
  const channel: ChangeChannel = {
    publish(change) {
      published.push(change);
      waiters = waiters.filter((w) => (w.match(change) ? (w.resolve(change), false) : true));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    channel,
    published,
    /** Another context published `change`. */
    deliver: (change: Change) => listeners.forEach((l) => l(change)),
    next: (match: (c: Change) => boolean) =>
      new Promise<Change>((resolve) => waiters.push({ match, resolve })),
  };
}

async function setup(
  replies: ScriptedReply[],
  options: {
    contextWindow?: number;
    chat?: (c: ChatStore) => ChatStore;
    structured?: (messages: PromptMessage[]) => string;
  } = {},
) {
  const db = await openHearthDb({ name: `session-${++dbCount}` });
  const store = createChatStore(db);
  const chat = options.chat ? options.chat(store) : store;
  const memory: MemoryService = await openMemoryService(db);
  const engine = new ScriptedEngine(replies, {
    contextWindow: options.contextWindow,
    structured: options.structured,
  });
  const changes = fakeChannel();
  let time = Date.UTC(2026, 11, 2, 10);
  const deps: ChatSessionDeps = {
    chat,
    memory,
    // No greeting: these tests follow the turn, not how a conversation opens (chat-session-personas.test.ts).
    persona: () => ({ ...defaultPersona(time), greeting: '' }),
    settings: () => DEFAULT_SETTINGS,
    engine: () => engine,
    clock: { now: () => (time += 1000), every: () => () => {} },
    changes: changes.channel,
    frame: (render) => render(),
  };
  const session = createChatSession(deps);
  await session.start();
  return { db, store, memory, engine, changes, session, deps };
}

/** Sends `text`, waits for the turn and for its memories to be written. */
async function exchange(s: Awaited<ReturnType<typeof setup>>, text: string) {
  const remembered = s.changes.next((c) => c.topic === 'memories');
  expect(await s.session.send(text)).toBe(true);
  await s.session.settled();
  return remembered;
}

const reply = (text: string): ScriptedReply => ({ deltas: text.split(/(?<= )/) });

describe('the chat session, end to end in Node', () => {
  it('runs a turn: stores both messages, streams the reply, remembers it, and recalls it later with attribution', async () => {
    const s = await setup([reply('How lovely, Valparaíso is beautiful.'), reply('She lives in Valparaíso.')]);
    const remembered = await exchange(s, 'My sister Mara lives in Valparaíso.');
    const conversation = s.session.state.activeId!;
    const stored = await s.store.getMessages(conversation);
    expect(stored.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'My sister Mara lives in Valparaíso.', 'complete'],
      ['assistant', 'How lovely, Valparaíso is beautiful.', 'complete'],
    ]);
    expect((await remembered).ids?.length).toBeGreaterThan(0);

    await s.session.newConversation();
    await exchange(s, 'Where does my sister Mara live?');
    const system = s.engine.prompts[1]![0]!.content;
    expect(system).toContain(MEMORY_HEADING);
    expect(system).toMatch(/The user said: “My sister Mara lives in Valparaíso\.”/);
    expect(system).toMatch(/You \(Ember\) told the user: “How lovely/);
    const last = s.session.state.messages.at(-1)!;
    expect(last.content).toBe('She lives in Valparaíso.');
    // Chips name what the user said, never the companion's own earlier reply.
    expect(last.memories?.map((m) => m.text)).toContain('My sister Mara lives in Valparaíso.');
    expect(last.memories?.some((m) => m.text.startsWith('How lovely'))).toBe(false);
  });

  // Retrieval keeps to current facts, so the replaced one is left out; were it ever sent,
  // remembered-lines.test.ts checks it is said in the past.
  it('never presents a replaced fact as current', async () => {
    const facts: Record<string, string> = {
      Lisbon: 'The user lives in Lisbon',
      Porto: 'The user lives in Porto',
    };
    const s = await setup([reply('Nice.'), reply('Oh, a move!'), reply('You live in Porto.')], {
      structured: (messages) => {
        const said = messages.at(-1)!.content;
        const city = Object.keys(facts).find((c) => said.includes(c) && !said.includes('Where'));
        const memories = city
          ? [{ kind: 'user-fact', text: facts[city], importance: 0.8, about: 'lives in' }]
          : [];
        return JSON.stringify({ memories });
      },
    });
    await exchange(s, 'I live in Lisbon these days.');
    await exchange(s, 'Big news: I moved, I live in Porto now.');
    await s.session.newConversation();
    await exchange(s, 'Where do I live, Lisbon or Porto?');
    const system = s.engine.prompts[2]![0]!.content;
    expect(system).toMatch(/^- The user lives in Porto \(since \d+ \w+ \d{4}\)$/m);
    expect(system).not.toMatch(/^- The user lives in Lisbon \(since/m);
    for (const line of system.split('\n').filter((l) => l.includes('The user lives in Lisbon')))
      expect(line).toMatch(/^- No longer true \(it held until /);
  });

  it('stops a turn: the partial reply is kept as stopped, in storage and on screen', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const s = await setup([{ deltas: ['Once ', 'upon ', 'a time'], pauseAfter: 2, gate }]);
    expect(await s.session.send('Tell me a story')).toBe(true);
    // Busy from the moment the message is stored, before any token: Stop is offered at once.
    expect(s.session.state.busy).toBe(true);
    await vi.waitFor(() => expect(s.session.state.messages.at(-1)?.content).toBe('Once upon '));
    expect(s.session.state.streamingId).not.toBeNull();
    s.session.stop();
    open();
    await s.session.settled();
    const [, stored] = await s.store.getMessages(s.session.state.activeId!);
    expect(stored).toMatchObject({ role: 'assistant', content: 'Once upon ', status: 'stopped' });
    expect(s.session.state.messages.at(-1)).toMatchObject({ content: 'Once upon ', status: 'stopped' });
    expect(s.session.state.streamingId).toBeNull();
    expect(s.session.state.busy).toBe(false);
  });

  it('ends a failed turn as an error with the partial text, and learns nothing from it', async () => {
    const s = await setup([
      { deltas: ['Part'], failWith: new EngineError('unreachable', 'The server went away.') },
    ]);
    expect(await s.session.send('Hello there')).toBe(true);
    await s.session.settled();
    const [, stored] = await s.store.getMessages(s.session.state.activeId!);
    expect(stored).toMatchObject({ content: 'Part', status: 'error', error: 'The server went away.' });
    await new Promise((r) => setTimeout(r, 50));
    const episodes = await s.memory.store.list({ kind: 'episode' });
    expect(episodes.some((m) => m.role === 'assistant')).toBe(false);
  });

  it('drops the chips of memories forgotten mid-turn, and never sends them again', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const s = await setup([
      reply('Noted.'),
      { deltas: ['Your ', 'sister ', 'lives…'], pauseAfter: 1, gate },
      reply('I do not remember.'),
    ]);
    await exchange(s, 'My sister Mara lives in Valparaíso.');
    const memories = await s.memory.store.list({ includeSuperseded: true });
    await s.session.newConversation();
    expect(await s.session.send('Where does my sister Mara live?')).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    // Another context (the options page) forgets everything while the reply streams.
    const ids = await s.memory.store.forget(memories.map((m) => m.id));
    s.changes.deliver({ topic: 'memories', ids });
    await new Promise((r) => setTimeout(r, 20));
    open();
    await s.session.settled();
    const shown = s.session.state.messages.at(-1)!;
    expect(shown.memories?.length).toBeGreaterThan(0);
    expect(shown.memories!.every((m) => s.session.state.forgotten.has(m.id))).toBe(true);
    await exchange(s, 'Where does Mara live?').catch(() => undefined);
    expect(s.engine.prompts[2]![0]!.content).not.toContain('Valparaíso');
  });

  it('keeps the typed text when the user message cannot be stored, and marks an unstored reply unsaved', async () => {
    let refuse = true;
    const quota = () => new StorageError('quota', 'Your disk is full.');
    const s = await setup([reply('Hi!')], {
      chat: (c) => ({
        ...c,
        addMessage: (m) => (refuse && m.role === 'user' ? Promise.reject(quota()) : c.addMessage(m)),
        updateMessage: (id, patch) => (patch.status ? Promise.reject(quota()) : c.updateMessage(id, patch)),
      }),
    });
    expect(await s.session.send('Hello')).toBe(false);
    expect(s.session.state.notice).toMatch(/disk is full/);
    refuse = false;
    expect(await s.session.send('Hello')).toBe(true);
    await s.session.settled();
    const shown = s.session.state.messages.at(-1)!;
    expect(shown).toMatchObject({ content: 'Hi!', status: 'error', unsaved: true });
    expect(shown.error).toMatch(/not saved/);
  });

  it('shows a long reply in batches, not one state per chunk', async () => {
    const s = await setup([{ deltas: Array.from({ length: 300 }, (_, i) => `w${i} `) }]);
    const frames: (() => void)[] = [];
    const batched = createChatSessionWith(s, (render) => frames.push(render));
    await batched.start();
    let renders = 0;
    batched.subscribe(() => renders++);
    expect(await batched.send('Go')).toBe(true);
    await batched.settled();
    expect(frames.length).toBeLessThanOrEqual(1);
    expect(renders).toBeLessThan(10);
    expect(batched.state.messages.at(-1)!.content.split(' ').length).toBeGreaterThan(300);
  });

  it('retracts what was learned from a regenerated reply and from an edited message', async () => {
    const s = await setup([reply('Porto is lovely.'), reply('Lisbon is lovely.'), reply('Still lovely.')]);
    await exchange(s, 'I live in Porto.');
    const fromTurn = await s.memory.store.list({ includeSuperseded: true });
    expect(fromTurn.some((m) => m.text.includes('Porto is lovely'))).toBe(true);
    await s.session.regenerate();
    const afterRegenerate = await s.memory.store.list({ includeSuperseded: true });
    expect(afterRegenerate.some((m) => m.text.includes('Porto is lovely'))).toBe(false);
    expect(afterRegenerate.some((m) => m.text === 'I live in Porto.')).toBe(true);

    const user = s.session.state.messages[0]!;
    await s.session.editAndResend(user.id, 'I live in Lisbon.');
    const afterEdit = await s.memory.store.list({ includeSuperseded: true });
    expect(afterEdit.some((m) => m.text.includes('Porto'))).toBe(false);
  });

  it('deletes a conversation, forgets what was learned from it, and undoes both', async () => {
    const s = await setup([reply('Noted.')]);
    await exchange(s, 'My sister Mara lives in Valparaíso.');
    const id = s.session.state.activeId!;
    const before = await s.memory.store.list({ includeSuperseded: true });
    expect(before.length).toBeGreaterThan(0);
    await s.session.remove(id, { forget: true });
    expect(s.session.state.undo?.title).toMatch(/My sister/);
    expect(await s.memory.store.list({ includeSuperseded: true })).toEqual([]);
    await s.session.undoRemove();
    expect(await s.store.getConversation(id)).toBeDefined();
    expect((await s.memory.store.list({ includeSuperseded: true })).map((m) => m.id).sort()).toEqual(
      before.map((m) => m.id).sort(),
    );
  });

  it('stops and hands over to its owner when another context wipes everything', async () => {
    const s = await setup([]);
    let wiped = 0;
    const session = createChatSession({ ...s.deps, onWipe: () => wiped++ });
    await session.start();
    s.changes.deliver({ topic: 'wipe' });
    s.changes.deliver({ topic: 'wipe' });
    expect(wiped).toBe(1);
  });

  it('sends the memory that answers the question after 300 turns in a 4,096-token window', async () => {
    const s = await setup([reply('Noted.'), reply('In Valparaíso.')], { contextWindow: 4096 });
    await exchange(s, 'My sister Mara lives in Valparaíso.');
    const long = (await s.store.createConversation('ember')).id;
    for (let i = 0; i < 300; i++) {
      await s.store.addMessage({
        conversationId: long,
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `Turn ${i}: we talked about the weather, the garden, lunch and the news of the day at some length.`,
        status: 'complete',
      });
    }
    await s.session.open(long);
    await exchange(s, 'Remind me, where does my sister Mara live?');
    const prompt = s.engine.prompts[1]!;
    expect(prompt[0]!.content).toContain('The user said: “My sister Mara lives in Valparaíso.”');
    expect(prompt.length).toBeGreaterThan(10);
    expect(prompt.length).toBeLessThan(300);
  });
});

function createChatSessionWith(s: Awaited<ReturnType<typeof setup>>, frame: (render: () => void) => void) {
  return createChatSession({ ...s.deps, frame });
}
