import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { PersonaRecord, type PersonaInput } from '../db/records';
import { createChatStore } from '../chat/chat-store';
import { openMemoryService } from '../memory/memory-service';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import type { Change, ChangeChannel } from '../messaging/changes';
import { createChatSession } from './chat-session';
import { initialChatState } from './chat-state';
import { GREETING_ENGINE } from './conversation-persona';
import { ScriptedEngine } from '../../test/unit/support/scripted-engine';

const persona = (input: Omit<PersonaInput, 'createdAt' | 'updatedAt'>): PersonaRecord =>
  PersonaRecord.parse({ createdAt: 1, updatedAt: 1, ...input });

const ember = persona({
  id: 'ember',
  name: 'Ember',
  description: 'A warm fire spirit.',
  greeting: 'Hello, {{user}}! I am {{char}}.',
  alternateGreetings: ['Back again, {{user}}?'],
});
const sage = persona({
  id: 'sage',
  name: 'Sagittarius',
  nickname: 'Sage',
  description: 'An old astronomer who speaks of stars.',
  systemPrompt: '{{original}} You map the sky for {{user}}.',
  postHistoryInstructions: 'Answer as {{char}}. {{original}}',
  exampleDialogue: '<START>\n{{user}}: Hi\n{{char}}: The stars greet you.',
  lorebook: {
    entries: [
      { keys: ['comet'], content: 'Halley returns every 76 years.', position: 'after_char' },
      { keys: ['nebula'], content: 'Orion hides a nebula.' },
    ],
  },
});
const quiet = persona({ id: 'quiet', name: 'Quill', description: 'Keeps secrets.', keepsToItself: true });

const channel = (): ChangeChannel & { published: Change[] } => {
  const published: Change[] = [];
  return { published, publish: (c) => published.push(c), subscribe: () => () => {} };
};

async function setup() {
  const db = await openHearthDb({ name: `session-personas-${crypto.randomUUID()}` });
  const chat = createChatStore(db);
  const memory = await openMemoryService(db);
  // Every reply says something (an empty one teaches nothing); extraction answers are not
  // JSON, so the rules extract the facts, as with an engine without a JSON mode.
  const replies = Array.from({ length: 20 }, () => ({ deltas: ['I see.'] }));
  const engine = new ScriptedEngine(replies, { contextWindow: 8192, structured: () => 'no JSON here' });
  const byId = new Map([ember, sage, quiet].map((p) => [p.id, p]));
  const settings: Settings = { ...DEFAULT_SETTINGS, userPersona: { name: 'Ada', description: 'a nurse' } };
  let time = Date.UTC(2026, 11, 2, 10);
  const changes = channel();
  const session = createChatSession({
    chat,
    memory,
    persona: () => ember,
    personaFor: async (id) => byId.get(id) ?? ember,
    settings: () => settings,
    engine: () => engine,
    clock: { now: () => (time += 1000), every: () => () => {} },
    changes,
    frame: (render) => render(),
  });
  await session.start();
  /** Sends and waits for the turn and for its memories. */
  const say = async (text: string) => {
    expect(await session.send(text)).toBe(true);
    await session.settled();
    await memory.ingest([], { user: 'the user', companion: 'x' }); // the ingestion queue drains in order
  };
  return { db, chat, memory, engine, session, say };
}

const systemOf = (engine: ScriptedEngine) => engine.prompts.at(-1)![0]!.content;
const lastUser = (engine: ScriptedEngine) => engine.prompts.at(-1)!.at(-1)!.content;

describe('each conversation with its own persona', () => {
  it('starts with no persona shown, then the active one', async () => {
    expect(initialChatState()).toMatchObject({ persona: null, greetings: [], greetingIndex: 0 });
    const s = await setup();
    expect(s.session.state.persona?.id).toBe('ember');
  });

  it("builds the prompt from the conversation's persona, not the active one, with macros, examples and the reminder", async () => {
    const s = await setup();
    await s.session.newConversation('sage');
    expect(s.session.state.persona?.name).toBe('Sagittarius');
    await s.say('Good evening');
    const system = systemOf(s.engine);
    expect(system).toContain(
      "You are Sagittarius (called Sage), a companion who lives in the user's web browser. You map the sky for Ada.",
    );
    expect(system).toContain('About you: An old astronomer who speaks of stars.');
    expect(system).toContain("The user's name is Ada. About the user: a nurse");
    expect(system).toContain(
      'Example dialogue (how Sage speaks; not part of this conversation):\nAda: Hi\nSage: The stars greet you.',
    );
    expect(system).not.toContain('Ember');
    expect(lastUser(s.engine)).toBe(
      'Good evening\n\n(Note from Hearth, not from the user: Answer as Sage. Stay in character as Sagittarius (called Sage): An old astronomer who speaks of stars.)',
    );
  });

  it("puts a lorebook entry's content in the prompt when its key is said, not otherwise, and keeps the report with the reply", async () => {
    const s = await setup();
    await s.session.newConversation('sage');
    await s.say('Tell me about the sky');
    expect(systemOf(s.engine)).not.toContain('Halley');
    const quietReply = (await s.chat.getMessages(s.session.state.activeId!)).at(-1)!;
    expect(quietReply.lorebook).toMatchObject({ entries: [], notListed: 2 });

    await s.say('Is a comet coming?');
    const system = systemOf(s.engine);
    // after_char: after the character's lines, before who the user is.
    expect(system.indexOf('Halley returns every 76 years.')).toBeGreaterThan(system.indexOf('About you:'));
    expect(system.indexOf('Halley returns every 76 years.')).toBeLessThan(system.indexOf("The user's name"));
    expect(system).not.toContain('Orion');
    const reply = (await s.chat.getMessages(s.session.state.activeId!)).at(-1)!;
    expect(reply.lorebook?.entries).toEqual([
      expect.objectContaining({
        index: 0,
        outcome: 'inserted',
        activation: { kind: 'key', key: 'comet', depth: 1 },
      }),
    ]);
  });

  it("recalls a persona's own episodes and shared facts, never another persona's episodes or a fact kept to itself", async () => {
    const s = await setup();
    await s.session.newConversation('ember');
    await s.say('My cat Biscuit loves tuna');
    await s.say('I live in Lisbon');
    await s.session.newConversation('quiet');
    await s.say('I live in Oslo');

    await s.session.newConversation('sage');
    await s.say('What does Biscuit eat, and where do I live?');
    const sageSystem = systemOf(s.engine);
    expect(sageSystem).not.toContain('Biscuit loves tuna'); // Ember's episode
    expect(sageSystem).toContain('Lisbon'); // a shared fact about the user
    expect(sageSystem).not.toContain('Oslo'); // Quill keeps to itself

    await s.session.newConversation('ember');
    await s.say('What does Biscuit eat?');
    expect(systemOf(s.engine)).toContain('Biscuit loves tuna');

    const owners = (await s.memory.store.list()).map((m) => [m.kind, m.personaId ?? null, m.text]);
    expect(owners).toContainEqual(['episode', 'ember', 'My cat Biscuit loves tuna']);
    expect(owners).toContainEqual(['user-fact', 'quiet', 'The user lives in Oslo']);
    // Quill's own fact did not replace the shared one: both hold, each for its own.
    expect(owners).toContainEqual(['user-fact', null, 'The user lives in Lisbon']);
  });
});

describe('greetings', () => {
  it('opens a conversation with the greeting the user swiped to, stored before their first message and shown to the model', async () => {
    const s = await setup();
    await s.session.newConversation('ember');
    expect(s.session.state.greetings).toEqual(['Hello, Ada! I am Ember.', 'Back again, Ada?']);
    s.session.swipeGreeting(1);
    expect(s.session.state.greetingIndex).toBe(1);
    s.session.swipeGreeting(1);
    expect(s.session.state.greetingIndex).toBe(0);
    s.session.swipeGreeting(-1);
    await s.say('Yes, hello');
    const stored = await s.chat.getMessages(s.session.state.activeId!);
    expect(stored.map((m) => [m.role, m.content, m.engine])).toEqual([
      ['assistant', 'Back again, Ada?', GREETING_ENGINE],
      ['user', 'Yes, hello', undefined],
      ['assistant', 'I see.', 'openai'],
    ]);
    expect(stored[0]!.greetingIndex).toBe(1);
    expect(s.session.state.greetings).toEqual([]);
    expect(systemOf(s.engine)).toContain('You (Ember) opened this conversation with:\nBack again, Ada?');
    // The turns sent start with the user's message: the greeting is not a turn.
    expect(
      s.engine.prompts
        .at(-1)!
        .slice(1)
        .map((m) => m.role),
    ).toEqual(['user']);
    // Swiping does nothing once the conversation has begun, and the greeting is never regenerated.
    const before = s.session.state;
    s.session.swipeGreeting(1);
    expect(s.session.state).toBe(before);
  });

  it('a persona without a greeting opens with nothing stored', async () => {
    const s = await setup();
    await s.session.newConversation('quiet');
    expect(s.session.state.greetings).toEqual([]);
    await s.say('hi');
    expect((await s.chat.getMessages(s.session.state.activeId!)).map((m) => m.role)).toEqual([
      'user',
      'assistant',
    ]);
  });
});
