import type { MessageRecord, PersonaRecord } from '../db/records';
import type { ChatEngine } from '../llm/engine';
import {
  DEFAULT_SHARES,
  assemblePrompt,
  type AssembledPrompt,
  type HistoryTurn,
} from '../llm/prompt-assembly';
import type { TokenCounter } from '../llm/token-counter';
import { estimateTokens } from '../llm/token-estimate';
import type { MemoryService } from '../memory/memory-service';
import type { RetrievedMemory } from '../memory/retrieval/types';
import { buildSystemPrompt } from '../persona/system-prompt';
import { chipsFor, memorySlot, type MemoryRef } from './remembered-lines';

/** The prompt of one turn and the chips of the memories it showed the model. */
export interface TurnPrompt {
  prompt: AssembledPrompt;
  chips: MemoryRef[];
  recalled: RetrievedMemory[];
}

/** What building a turn's prompt reads. */
export interface TurnPromptInput {
  engine: ChatEngine;
  counter: TokenCounter;
  memory: MemoryService;
  persona: PersonaRecord;
  maxReplyTokens: number;
  now: number;
  /** The conversation as stored, oldest first, the user's message last. */
  history: readonly MessageRecord[];
}

/** The newest texts that could possibly fit, so only those are counted by the engine. */
function candidates(turns: readonly HistoryTurn[], window: number): string[] {
  const out: string[] = [];
  let estimate = 0;
  for (let i = turns.length - 1; i >= 0 && estimate < window * 2; i--) {
    out.push(turns[i]!.content);
    estimate += estimateTokens(turns[i]!.content);
  }
  return out;
}

/**
 * Recall, then prompt assembly. Memories that came from turns the model will see anyway
 * are left out of recall; the turns surely sent are those that fit even when memories
 * take their whole share, so nothing is excluded that the model would not see.
 */
export async function buildTurnPrompt(input: TurnPromptInput): Promise<TurnPrompt> {
  const { engine, counter, history } = input;
  const system = buildSystemPrompt(input.persona, new Date(input.now));
  const turns = history.map((m) => ({ role: m.role, content: m.content }));
  const contextWindow = engine.contextWindow();
  const reserveForReply = input.maxReplyTokens;
  await counter.prepare([system, ...candidates(turns, contextWindow)]);
  const base = { system, history: turns, contextWindow, reserveForReply, countTokens: counter.count };

  let surelySent = 1;
  try {
    const memoryRoom = Math.floor(DEFAULT_SHARES.memories * (contextWindow - reserveForReply));
    surelySent = assemblePrompt({ ...base, reserveForReply: reserveForReply + memoryRoom }).keptTurns;
  } catch {
    // Too tight to tell: only the user's message is sure to be sent.
  }
  const inPrompt = new Set(history.slice(history.length - surelySent).map((m) => m.id));
  const userText = history.at(-1)?.content ?? '';
  const recalled = await input.memory
    .recall(userText, { now: input.now, exclude: inPrompt })
    .catch((error: unknown) => {
      // Memory is a help, never a reason for the reply to fail.
      console.warn('Hearth: recall failed', error);
      return [] as RetrievedMemory[];
    });

  const slot = memorySlot(recalled, input.persona.name, input.now);
  await counter.prepare([slot.heading, ...slot.items]);
  const prompt = assemblePrompt({ ...base, slots: [slot] });
  const included = prompt.slots.find((s) => s.name === 'memories')?.included ?? [];
  return { prompt, chips: chipsFor(recalled, included), recalled };
}
