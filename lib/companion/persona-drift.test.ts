import { afterEach, describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { PersonaRecord } from '../db/records';
import { createChatStore } from '../chat/chat-store';
import { openMemoryService } from '../memory/memory-service';
import { createOpenAiEngine } from '../llm/openai-compatible';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { createChatSession } from './chat-session';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../test/support/scripted-llm-server';

/*
 * Persona drift, measured: a scripted 200-turn conversation with the real OpenAI-compatible
 * engine against the scripted endpoint on 127.0.0.1, in a 2,048-token window that holds only
 * the last few turns. Every prompt the server received must still carry the persona's name,
 * its core description and its reminder (post-history instructions) near the end.
 */

const TURNS = 200;
let server: ScriptedLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const persona = PersonaRecord.parse({
  id: 'wren',
  name: 'Wren',
  description: 'A retired sea captain who tells tall tales. Loves knots and tea.',
  personality: 'Gruff but kind.',
  postHistoryInstructions: 'Speak like an old sailor, {{user}}.',
  createdAt: 1,
  updatedAt: 1,
});

describe('persona drift over a long conversation', () => {
  it(`every one of ${TURNS} prompts carries the name, the core description and the reminder`, async () => {
    server = await startScriptedLlmServer({ models: [{ id: 'small', context_length: 2048 }] });
    // Long replies, so the window fills after a few turns and earlier ones are left out.
    server.setDefault({ kind: 'reply', text: 'Arr, that reminds me of a storm off Cape Horn. '.repeat(8) });
    const engine = createOpenAiEngine({ baseUrl: server.baseUrl });
    await engine.load('small');
    expect(engine.contextWindow()).toBe(2048);

    const db = await openHearthDb({ name: `drift-${crypto.randomUUID()}` });
    const chat = createChatStore(db);
    const memory = await openMemoryService(db);
    let time = Date.UTC(2026, 11, 2, 8);
    const session = createChatSession({
      chat,
      memory,
      persona: () => persona,
      personaFor: async () => persona,
      settings: () => ({ ...DEFAULT_SETTINGS, userPersona: { name: 'Ada', description: '' } }),
      engine: () => engine,
      clock: { now: () => (time += 60_000), every: () => () => {} },
      changes: { publish: () => {}, subscribe: () => () => {} },
      frame: (render) => render(),
    });
    await session.start();
    for (let i = 0; i < TURNS; i++) {
      expect(await session.send(`Turn ${i}: tell me about knot number ${i} and the weather.`)).toBe(true);
      await session.settled();
      expect(session.state.notice).toBeNull();
    }

    const prompts = server
      .chatRequests()
      .map((r) => (r.body as { messages: { role: string; content: string }[] }).messages);
    expect(prompts).toHaveLength(TURNS);
    const reminder = '(Note from Hearth, not from the user: Speak like an old sailor, Ada.)';
    let cut = 0;
    prompts.forEach((messages, i) => {
      const system = messages[0]!;
      const last = messages.at(-1)!;
      expect(system.role).toBe('system');
      expect(system.content).toContain('You are Wren');
      expect(system.content).toContain('About you: A retired sea captain who tells tall tales.');
      expect(last.role).toBe('user');
      expect(last.content).toBe(`Turn ${i}: tell me about knot number ${i} and the weather.\n\n${reminder}`);
      if (system.content.includes('(Earlier parts of this conversation are not shown here.)')) cut++;
    });
    // The window really was too small for the whole conversation: most prompts dropped turns.
    expect(cut).toBeGreaterThan(TURNS * 0.9);
    await memory.ingest([], { user: 'the user', companion: 'Wren' }); // memory writes end before the database closes
    db.close();
  }, 240_000);
});
