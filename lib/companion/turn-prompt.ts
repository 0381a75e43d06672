import type { MessageRecord, PersonaRecord } from '../db/records';
import type { ChatEngine } from '../llm/engine';
import {
  DEFAULT_SHARES,
  assemblePrompt,
  type AssembledPrompt,
  type HistoryTurn,
  type PromptSlot,
} from '../llm/prompt-assembly';
import type { TokenCounter } from '../llm/token-counter';
import { estimateTokens } from '../llm/token-estimate';
import type { MemoryService } from '../memory/memory-service';
import type { RetrievedMemory } from '../memory/retrieval/types';
import { buildSystemPrompt } from '../persona/system-prompt';
import { chipsFor, memorySlot, type MemoryRef } from './remembered-lines';
import type { TurnMoodContext } from '../mood/mood-words';

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
  /** Mood and relationship in words, and the mood for recall (lib/mood/mood-words.ts). */
  mood?: TurnMoodContext;
  /** The page the user asked about, within `roomTokens` (lib/context/page-prompt-source.ts). */
  page?: (roomTokens: number) => Promise<PromptSlot | null>;
}

/**
 * Consecutive messages of one role as one turn (the care response and the reply after it
 * are both the companion's): chat templates expect user and assistant to alternate.
 */
function mergeRuns(history: readonly MessageRecord[]): { turns: HistoryTurn[]; ids: string[][] } {
  const turns: HistoryTurn[] = [];
  const ids: string[][] = [];
  for (const m of history) {
    const last = turns.at(-1);
    if (last && last.role === m.role) {
      last.content = `${last.content}\n\n${m.content}`;
      ids.at(-1)!.push(m.id);
    } else {
      turns.push({ role: m.role, content: m.content });
      ids.push([m.id]);
    }
  }
  return { turns, ids };
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
  const { turns, ids } = mergeRuns(history);
  const contextWindow = engine.contextWindow();
  const reserveForReply = input.maxReplyTokens;
  await counter.prepare([system, ...candidates(turns, contextWindow)]);
  const base = { system, history: turns, contextWindow, reserveForReply, countTokens: counter.count };

  let surelySent = 1;
  try {
    const shares = DEFAULT_SHARES.memories + (input.mood?.slots ?? []).reduce((sum, s) => sum + s.share, 0);
    const memoryRoom = Math.floor(shares * (contextWindow - reserveForReply));
    surelySent = assemblePrompt({ ...base, reserveForReply: reserveForReply + memoryRoom }).keptTurns;
  } catch {
    // Too tight to tell: only the user's message is sure to be sent.
  }
  const inPrompt = new Set(ids.slice(ids.length - surelySent).flat());
  const userText = history.at(-1)?.content ?? '';
  const recalled = await input.memory
    .recall(userText, { now: input.now, exclude: inPrompt, mood: input.mood?.recall })
    .catch((error: unknown) => {
      // Memory is a help, never a reason for the reply to fail.
      console.warn('Hearth: recall failed', error);
      return [] as RetrievedMemory[];
    });

  const slot = memorySlot(recalled, input.persona.name, input.now);
  // The page, when asked about, in its own share; never a reason for the reply to fail.
  const pageRoom = Math.floor(DEFAULT_SHARES.page * (contextWindow - reserveForReply));
  const page = input.page ? await input.page(pageRoom).catch(() => null) : null;
  // Mood and relationship first: small shares, and what they say (a care note, a break)
  // must not wait behind memories for room.
  const slots = [...(input.mood?.slots ?? []), slot, ...(page ? [page] : [])];
  await counter.prepare(slots.flatMap((s) => [s.heading, ...s.items]));
  const prompt = assemblePrompt({ ...base, slots });
  const included = prompt.slots.find((s) => s.name === 'memories')?.included ?? [];
  return { prompt, chips: chipsFor(recalled, included), recalled };
}
