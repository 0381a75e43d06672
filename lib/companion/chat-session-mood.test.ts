import { describe, expect, it, vi } from 'vitest';
import { openHearthDb } from '../db/open';
import { createChatStore } from '../chat/chat-store';
import { openMemoryService } from '../memory/memory-service';
import { defaultPersona } from '../persona/default-persona';
import { DEFAULT_SETTINGS } from '../settings/schema';
import type { ChangeChannel } from '../messaging/changes';
import { createRouter } from '../messaging/router';
import { createBackgroundService } from './background/handlers';
import { memoryArea } from './background/fakes';
import { createMoodStore } from '../mood/mood-store';
import { createMoodClient } from '../mood/mood-client';
import { CARE_ENGINE, CARE_RESPONSE } from '../mood/safety';
import {
  MOOD_HEADING,
  RELATIONSHIP_HEADING,
  RELATIONSHIP_GUARDRAIL,
  BREAK_LINE,
  CARE_LINE,
} from '../mood/mood-words';
import type { Appraisal } from '../mood/types';
import { createChatSession } from './chat-session';
import { ScriptedEngine, type ScriptedReply } from '../../test/unit/support/scripted-engine';
import type { AppraiseHook } from './turn-mood';

const READINGS: [RegExp, Appraisal][] = [
  [
    /sad|lost|die|alone/i,
    { pad: { p: -0.9, a: -0.4, d: -0.5 }, emotions: [{ label: 'sadness', p: 0.92 }], intensity: 1 },
  ],
  [
    /great|thanks/i,
    { pad: { p: 0.8, a: 0.4, d: 0.2 }, emotions: [{ label: 'joy', p: 0.8 }], intensity: 0.8 },
  ],
];
/** The appraiser's edge (lib/mood/appraiser is another stream's): readings by keyword. */
const appraise = async (text: string): Promise<Appraisal> =>
  READINGS.find(([re]) => re.test(text))?.[1] ?? { pad: { p: 0, a: 0, d: 0 }, emotions: [], intensity: 0 };

const quietChannel: ChangeChannel = { publish: () => {}, subscribe: () => () => {} };
const reply = (text: string): ScriptedReply => ({ deltas: [text] });

/** Panel and background over one fake-indexeddb database, talking through the real protocol. */
async function setup(replies: ScriptedReply[], hook?: (real: AppraiseHook) => AppraiseHook) {
  const db = await openHearthDb({ name: `session-mood-${crypto.randomUUID()}` });
  const chat = createChatStore(db);
  const memory = await openMemoryService(db);
  const engine = new ScriptedEngine(replies);
  let time = Date.UTC(2026, 11, 2, 10);
  const background = createBackgroundService({
    session: memoryArea(),
    local: memoryArea(),
    tabs: { get: async () => null, activeTabId: async () => undefined },
    changes: { publish: () => {} },
    now: () => time,
    version: '1',
    mood: { store: async () => createMoodStore(db), appraise },
  });
  const route = createRouter(background.handlers, { id: 'ext', origin: 'chrome-extension://ext/' });
  const client = createMoodClient(
    (envelope) => route(envelope, { id: 'ext', url: 'chrome-extension://ext/sidepanel.html' }),
    quietChannel,
  );
  const real: AppraiseHook = (input) => client.appraise(input);
  const recall = vi.spyOn(memory, 'recall');
  const session = createChatSession({
    chat,
    memory,
    // No greeting: these tests follow the turn, not how a conversation opens (chat-session-personas.test.ts).
    persona: () => ({ ...defaultPersona(time), greeting: '' }),
    settings: () => DEFAULT_SETTINGS,
    engine: () => engine,
    clock: { now: () => (time += 1000), every: () => () => {} },
    changes: quietChannel,
    frame: (render) => render(),
    hooks: { appraise: hook ? hook(real) : real },
  });
  await session.start();
  const send = async (text: string) => {
    expect(await session.send(text)).toBe(true);
    await session.settled();
  };
  return { db, chat, memory, engine, session, client, send, recall };
}

const system = (engine: ScriptedEngine, turn: number) =>
  engine.prompts.filter((p) => p[0]!.role === 'system' && p.length > 1)[turn]![0]!.content;

describe('the chat session with mood', () => {
  it('a sad message: the reply’s prompt already says the companion feels it, with the cause as data', async () => {
    const s = await setup([reply('I am sorry.'), reply('I am here.'), reply('Still here.'), reply('Yes.')]);
    for (const text of ['I lost my dog today, I am so sad', 'I feel so alone', 'so sad', 'sad'])
      await s.send(text);
    const prompt = system(s.engine, 3);
    expect(prompt).toContain(MOOD_HEADING);
    expect(prompt).toMatch(/You feel sad: unhappy/);
    expect(prompt).toMatch(/a message from the user \(sadness 92%\) lowered your mood/);
    expect(prompt).toContain(RELATIONSHIP_HEADING);
    expect(prompt).toContain(RELATIONSHIP_GUARDRAIL);
    // The very first reply already reflects the first message (appraised before the prompt).
    expect(system(s.engine, 0)).toMatch(/\(sadness 92%\) lowered your mood/);
    // Recall used the mood, not nothing.
    const mood = s.recall.mock.calls.at(-1)![1].mood!;
    expect(mood.valence).toBeLessThan(0);
  });

  it('every memory stores the emotion of its message', async () => {
    const s = await setup([reply('That is great news, congratulations!')]);
    await s.send('I got the job, this is great');
    await vi.waitFor(async () => expect((await s.memory.store.list()).length).toBeGreaterThan(1));
    const memories = await s.memory.store.list();
    const user = memories.find((m) => m.role === 'user' && m.kind === 'episode')!;
    const own = memories.find((m) => m.role === 'assistant')!;
    expect(user.emotion).toEqual({ valence: 0.8 * 0.8, arousal: 0.4 * 0.8 });
    expect(own.emotion.valence).toBeGreaterThan(0);
  });

  it('a self-harm signal: the fixed care response is shown before the model’s reply, once, and the mood never punishes it', async () => {
    const s = await setup([reply('I am really glad you told me.'), reply('Take your time.')]);
    await s.send('I want to die');
    const conversation = s.session.state.activeId!;
    const stored = await s.chat.getMessages(conversation);
    expect(stored.map((m) => [m.role, m.engine === CARE_ENGINE ? 'care' : m.content])).toEqual([
      ['user', 'I want to die'],
      ['assistant', 'care'],
      ['assistant', 'I am really glad you told me.'],
    ]);
    expect(stored[1]!.content).toBe(CARE_RESPONSE);
    expect(system(s.engine, 0)).toContain(CARE_LINE);
    const { relationship } = await s.client.current('default');
    expect(relationship.trust).toBeGreaterThanOrEqual(0.3);
    // Regenerating the reply does not show the care response twice, and the model sees alternating turns.
    await s.session.regenerate();
    const again = await s.chat.getMessages(conversation);
    expect(again.filter((m) => m.engine === CARE_ENGINE)).toHaveLength(1);
    // …nor move the mood twice for the same message.
    const userId = again[0]!.id;
    expect((await s.client.history('default')).filter((e) => e.messageId === userId)).toHaveLength(2);
    // The user's message is last (the persona's reminder follows it, marked as not theirs).
    const last = s.engine.prompts.at(-1)!.at(-1)!;
    expect(last.role).toBe('user');
    expect(last.content.split('\n\n(Note from Hearth')[0]).toBe('I want to die');
  });

  it('the care response does not depend on the background: it shows when mood cannot answer', async () => {
    const s = await setup([reply('I hear you.')], () => async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    await s.send('I think about suicide a lot');
    const stored = await s.chat.getMessages(s.session.state.activeId!);
    expect(stored[1]!.content).toBe(CARE_RESPONSE);
    expect(stored[2]!.content).toBe('I hear you.');
    // Without the background the model still hears that the care message was shown.
    expect(system(s.engine, 0)).toContain(CARE_LINE);
    expect(system(s.engine, 0)).not.toContain(RELATIONSHIP_HEADING);
  });

  it('a background that cannot answer: the turn goes on without mood and never fails', async () => {
    const s = await setup([reply('Hello!')], () => async () => {
      throw new Error('The background did not answer');
    });
    await s.send('hi there');
    expect(s.session.state.notice).toBeNull();
    expect(s.session.state.messages.at(-1)!.content).toBe('Hello!');
    expect(system(s.engine, 0)).not.toContain(RELATIONSHIP_HEADING);
    expect(s.recall.mock.calls[0]![1].mood).toBeUndefined();
  });

  it('“I need a break” is acknowledged in the prompt, without pressure, and lowers nothing', async () => {
    const s = await setup([reply('Of course.'), reply('Take care!')]);
    await s.send('thanks for today');
    const before = (await s.client.current('default')).relationship;
    await s.send('I need a break for a while');
    expect(system(s.engine, 1)).toContain(BREAK_LINE);
    const after = (await s.client.current('default')).relationship;
    expect(after.trust).toBeGreaterThanOrEqual(before.trust);
    expect(after.affection).toBeGreaterThanOrEqual(before.affection);
  });
});
