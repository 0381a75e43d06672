import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createChatStore } from '../chat/chat-store';
import { MAX_MESSAGE_CHARS } from '../chat/message-limits';
import { openMemoryService } from '../memory/memory-service';
import { defaultPersona } from '../persona/default-persona';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { createChatSession } from './chat-session';
import { ScriptedEngine } from '../../test/unit/support/scripted-engine';

/*
 * What the session does with the user's input before and after a turn: the length cap a
 * backup can import, and how facts about the user are worded. The turn itself is tested in
 * chat-session.test.ts.
 */

/** A session over fake-indexeddb whose engine answers `replies` and whose extraction answer does not validate (so the rules extract). */
async function setup(replies: string[]) {
  const db = await openHearthDb({ name: `session-input-${crypto.randomUUID()}` });
  const store = createChatStore(db);
  const memory = await openMemoryService(db);
  const engine = new ScriptedEngine(
    replies.map((text) => ({ deltas: [text] })),
    { structured: () => 'no JSON here' },
  );
  let time = Date.UTC(2026, 11, 2, 10);
  const remembered: Array<() => void> = [];
  const session = createChatSession({
    chat: store,
    memory,
    // No greeting: these tests follow the turn, not how a conversation opens (chat-session-personas.test.ts).
    persona: () => ({ ...defaultPersona(time), greeting: '' }),
    settings: () => DEFAULT_SETTINGS,
    engine: () => engine,
    clock: { now: () => (time += 1000), every: () => () => {} },
    changes: {
      publish: (change) => {
        if (change.topic === 'memories') remembered.splice(0).forEach((done) => done());
      },
      subscribe: () => () => {},
    },
    frame: (render) => render(),
  });
  await session.start();
  /** Sends `text` and waits for the turn and its memories. */
  const exchange = async (text: string) => {
    const stored = new Promise<void>((resolve) => remembered.push(resolve));
    expect(await session.send(text)).toBe(true);
    await session.settled();
    await stored;
  };
  return { store, memory, engine, session, exchange };
}

describe('the chat session and what the user types', () => {
  it('refuses a message over the cap a backup can import, storing nothing and keeping the text', async () => {
    const s = await setup(['Noted.', 'Never sent.']);
    const huge = 'a'.repeat(MAX_MESSAGE_CHARS + 1);
    expect(await s.session.send(huge)).toBe(false);
    expect(s.session.state.notice).toMatch(
      /2,000,001 characters long; Hearth keeps messages up to 2,000,000/,
    );
    expect(s.session.state.activeId).toBeNull(); // no empty conversation was opened for it
    expect(await s.store.listConversations()).toEqual([]);
    expect(s.engine.prompts).toHaveLength(0);

    s.session.dismissNotice();
    await s.exchange('Short enough.');
    const user = s.session.state.messages[0]!;
    await s.session.editAndResend(user.id, huge);
    expect(s.session.state.notice).toMatch(/Shorten it/);
    expect((await s.store.allMessages(user.conversationId)).map((m) => m.content)).toEqual([
      'Short enough.',
      'Noted.',
    ]);
    expect(s.engine.prompts).toHaveLength(1);
  });

  it('words the facts it learns about the user as "The user …", and sends them so', async () => {
    const s = await setup(['Noted.', 'In Lisbon.']);
    await s.exchange('I live in Lisbon. My sister is Ana.');
    const facts = await s.memory.store.list({ kind: ['user-fact', 'preference', 'event'] });
    expect(facts.map((f) => f.text).sort()).toEqual(['The user lives in Lisbon', "The user's sister is Ana"]);
    await s.session.newConversation();
    await s.exchange('Where do I live?');
    const system = s.engine.prompts[1]![0]!.content;
    expect(system).toMatch(/^- The user lives in Lisbon \(since \d+ \w+ \d{4}\)$/m);
    expect(system).not.toMatch(/\bUser (lives|'s)/);
  });
});
