import type { MessageRecord, PersonaRecord } from '../db/records';
import type { ChatEngine } from '../llm/engine';
import {
  DEFAULT_SHARES,
  LORE_SHARE,
  assemblePrompt,
  reminderNote,
  type AssembledPrompt,
  type HistoryTurn,
  type PromptSlot,
} from '../llm/prompt-assembly';
import type { TokenCounter } from '../llm/token-counter';
import { estimateTokens } from '../llm/token-estimate';
import type { MemoryService } from '../memory/memory-service';
import type { RetrievedMemory } from '../memory/retrieval/types';
import { buildPersonaPrompt } from '../persona/system-prompt';
import { loreForTurn } from '../persona/persona-lore';
import type { LoreReport } from '../persona/lore-report';
import type { UserPersona } from '../persona/user-persona';
import { chipsFor, memorySlot, type MemoryRef } from './remembered-lines';
import { isGreeting } from './conversation-persona';
import type { TurnMoodContext } from '../mood/mood-words';

/** The prompt of one turn and the chips of the memories it showed the model. */
export interface TurnPrompt {
  prompt: AssembledPrompt;
  chips: MemoryRef[];
  recalled: RetrievedMemory[];
  /** The lorebook's activation for this turn (null without a lorebook), kept with the reply. */
  lore: LoreReport | null;
}

/** What building a turn's prompt reads. */
export interface TurnPromptInput {
  engine: ChatEngine;
  counter: TokenCounter;
  memory: MemoryService;
  /** The conversation's persona (not simply the active one). */
  persona: PersonaRecord;
  /** Who `{{user}}` is. */
  user?: UserPersona;
  /** The conversation: seeds `{{pick}}`. */
  conversationId?: string;
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
  const { engine, counter, history, persona } = input;
  const parts = buildPersonaPrompt(persona, {
    user: input.user,
    conversationId: input.conversationId,
    now: new Date(input.now),
  });
  // The greeting opened the conversation before the user spoke: it goes in a slot of its own
  // (chat templates want the turns to start with the user's).
  const opening = history.find(isGreeting);
  const { turns, ids } = mergeRuns(history.filter((m) => !isGreeting(m)));
  const contextWindow = engine.contextWindow();
  const reserveForReply = input.maxReplyTokens;
  const bare = parts.system();
  const latest = turns.at(-1)?.content ?? '';
  const withNote = `${latest}\n\n${reminderNote(parts.reminder)}`;
  await counter.prepare([bare, withNote, ...candidates(turns, contextWindow)]);

  // The lorebook's entries join the persona, within their share of what the persona and the
  // user's message leave; what the budget drops is in the report, never silently gone.
  const room = contextWindow - reserveForReply - counter.count(bare) - counter.count(withNote);
  const lore = loreForTurn({
    persona,
    turns: turns.map((t) => t.content),
    countTokens: counter.count,
    budgetTokens: Math.floor(LORE_SHARE * Math.max(0, room)),
    expand: parts.expand,
  });
  const system = parts.system(lore);
  if (system !== bare) await counter.prepare([system]);
  const base = {
    system,
    history: turns,
    contextWindow,
    reserveForReply,
    countTokens: counter.count,
    reminder: parts.reminder,
  };

  let surelySent = 1;
  try {
    const shares =
      DEFAULT_SHARES.memories +
      (parts.examples.length ? DEFAULT_SHARES.examples : 0) +
      (input.mood?.slots ?? []).reduce((sum, s) => sum + s.share, 0);
    const memoryRoom = Math.floor(shares * (contextWindow - reserveForReply));
    surelySent = assemblePrompt({ ...base, reserveForReply: reserveForReply + memoryRoom }).keptTurns;
  } catch {
    // Too tight to tell: only the user's message is sure to be sent.
  }
  const inPrompt = new Set(ids.slice(ids.length - surelySent).flat());
  const userText = history.at(-1)?.content ?? '';
  const recalled = await input.memory
    .recall(userText, { now: input.now, exclude: inPrompt, mood: input.mood?.recall, personaId: persona.id })
    .catch((error: unknown) => {
      // Memory is a help, never a reason for the reply to fail.
      console.warn('Hearth: recall failed', error);
      return [] as RetrievedMemory[];
    });

  const slot = memorySlot(recalled, persona.name, input.now);
  const examples: PromptSlot = {
    name: 'examples',
    heading: parts.examplesHeading,
    items: parts.examples,
    share: DEFAULT_SHARES.examples,
  };
  const greeting: PromptSlot = {
    name: 'greeting',
    heading: `You (${persona.name}) opened this conversation with:`,
    items: opening ? [opening.content] : [],
    share: DEFAULT_SHARES.greeting,
  };
  // Mood and relationship first: small shares, and what they say (a care note, a break)
  // must not wait behind memories for room. Example dialogue last: memories come first.
  // The page, when asked about, in its own share; never a reason for the reply to fail.
  const pageRoom = Math.floor(DEFAULT_SHARES.page * (contextWindow - reserveForReply));
  const page = input.page ? await input.page(pageRoom).catch(() => null) : null;
  const slots = [...(input.mood?.slots ?? []), greeting, slot, ...(page ? [page] : []), examples];
  await counter.prepare(slots.flatMap((s) => [s.heading, ...s.items]));
  const prompt = assemblePrompt({ ...base, slots });
  const included = prompt.slots.find((s) => s.name === 'memories')?.included ?? [];
  return { prompt, chips: chipsFor(recalled, included), recalled, lore: lore.report };
}
