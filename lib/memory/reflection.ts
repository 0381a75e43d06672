import { z } from 'zod';
import type { ChatEngine } from '../llm/engine';
import type { MemoryStore } from './memory-store';
import { sourceMessageIds, type MemoryRecord } from './records';
import { requestStructured } from './extraction/structured';

/** What the model answers: a few insights, each citing the numbered memories it rests on. */
export const ReflectionAnswer = z.object({
  insights: z
    .array(
      z.object({
        text: z.string().trim().min(5).max(400),
        importance: z.number().min(0).max(1),
        sources: z.array(z.number().int().min(1)).min(1).max(30),
      }),
    )
    .max(3),
});

/** Fewest new memories worth reflecting on. */
export const MIN_NEW_MEMORIES = 12;

/**
 * When to reflect: enough new memories, the engine idle (no reply for a while), and not
 * too often. Pure, so the schedule is tested apart from timers.
 */
export function shouldReflect(input: {
  now: number;
  lastReflectionAt: number;
  newMemories: number;
  idleSince: number;
  busy: boolean;
}): boolean {
  return (
    !input.busy &&
    input.newMemories >= MIN_NEW_MEMORIES &&
    input.now - input.idleSince >= 60_000 &&
    input.now - input.lastReflectionAt >= 6 * 3_600_000
  );
}

const INSTRUCTIONS = `You look back over what a companion remembers of recent conversations with its user.
Return JSON only: {"insights":[{"text":"...","importance":0..1,"sources":[numbers of the memories it rests on]}]}
- At most three insights about what these memories add up to: patterns, changes, what matters to the user now.
- Write each in the third person about "the user". Only what the memories support; nothing invented.
- If nothing stands out: {"insights":[]}.`;

/**
 * Summarises what recent memories add up to as `reflection` memories whose provenance is
 * the messages behind the memories they cite. Page memories are left out: what a page
 * says is never turned into an insight about the user.
 */
export async function reflect(options: {
  engine: ChatEngine;
  store: MemoryStore;
  since: number;
  signal?: AbortSignal;
  limit?: number;
}): Promise<MemoryRecord[]> {
  const recent = (
    await options.store.list({ from: options.since, order: 'newest', limit: (options.limit ?? 30) * 2 })
  )
    .filter((m) => m.kind !== 'reflection' && m.kind !== 'page' && m.provenance.type === 'messages')
    .slice(0, options.limit ?? 30)
    .reverse();
  if (recent.length < MIN_NEW_MEMORIES) return [];
  const listing = recent
    .map((m, i) => `[${i + 1}] (${new Date(m.validFrom).toISOString().slice(0, 10)}) ${m.text.slice(0, 300)}`)
    .join('\n');
  const answer = await requestStructured(
    options.engine,
    [
      { role: 'system', content: INSTRUCTIONS },
      { role: 'user', content: listing },
    ],
    ReflectionAnswer,
    options.signal,
  );
  const written: MemoryRecord[] = [];
  for (const insight of answer?.insights ?? []) {
    const cited = insight.sources.map((n) => recent[n - 1]).filter((m): m is MemoryRecord => m !== undefined);
    const messageIds = [...new Set(cited.flatMap((m) => sourceMessageIds(m)))];
    if (messageIds.length === 0) continue; // an insight that cites nothing real is dropped
    // A reflection belongs to the persona whose memories it rests on; one that would mix two
    // personas' own memories is dropped, so no persona learns another's conversations.
    const owners = new Set(cited.map((m) => m.personaId ?? null).filter((o): o is string => o !== null));
    if (owners.size > 1) continue;
    const { record } = await options.store.add({
      kind: 'reflection',
      personaId: [...owners][0] ?? null,
      text: insight.text,
      importance: insight.importance,
      provenance: { type: 'messages', messageIds },
    });
    written.push(record);
  }
  return written;
}
