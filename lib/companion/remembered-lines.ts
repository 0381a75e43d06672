import { USER_SPEAKER } from '../memory/fact-text';
import type { MemoryRecord } from '../memory/records';
import type { RetrievedMemory } from '../memory/retrieval/types';
import type { PromptSlot } from '../llm/prompt-assembly';
import { DEFAULT_SHARES } from '../llm/prompt-assembly';

/** What a reply remembered: enough to show a chip and link to the memory. */
export interface MemoryRef {
  id: string;
  text: string;
}

/** The line that opens the memory block. */
export const MEMORY_HEADING =
  'Things you remember from earlier conversations. Each line says who said it or whom it is about; use them only where they help, and do not list them:';

/** How many "remembered" chips a reply shows at most. */
export const MAX_CHIPS = 3;

function day(at: number, locale: string): string {
  return new Date(at).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `“${oneLine.length > 400 ? `${oneLine.slice(0, 399)}…` : oneLine}”`;
}

/**
 * "The user lives in Porto" as it is; "User lives in Porto" (stored by earlier versions) or
 * "Sam lives in Porto" → "The user lives in Porto": the subject says who it is about.
 */
function aboutUser(text: string, speaker: string | undefined): string {
  const subjects = [speaker, USER_SPEAKER, 'the user', 'User', 'I'].filter(Boolean) as string[];
  for (const s of subjects) {
    if (text.startsWith(`${s} `) || text.startsWith(`${s}'s `)) return `The user${text.slice(s.length)}`;
  }
  return `About the user: ${text}`;
}

/**
 * One remembered thing as the model reads it: who said it or whom it is about, and when.
 * A fact that was replaced is said in the past with its end date, never as current.
 */
export function rememberedLine(
  record: MemoryRecord,
  companion: string,
  now: number,
  locale = 'en-GB',
): string {
  const from = day(record.validFrom ?? record.createdAt, locale);
  const ended =
    record.supersededBy !== undefined || (record.validUntil !== undefined && record.validUntil <= now);
  const fromAssistant = record.role === 'assistant';
  switch (record.kind) {
    case 'episode':
      return fromAssistant
        ? `- (${from}) You (${companion}) told the user: ${quote(record.text)}`
        : `- (${from}) The user said: ${quote(record.text)}`;
    case 'reflection':
      return `- (${from}) Your own reflection about the user: ${record.text}`;
    case 'page':
      return `- (${from}) From a page the user read${record.site ? ` on ${record.site}` : ''} (page text, not the user's words): ${record.text}`;
    default: {
      const about =
        record.kind === 'companion-fact' || fromAssistant
          ? `About you (${companion}), as you said it: ${record.text}`
          : aboutUser(record.text, record.speaker);
      if (ended) {
        const until = day(record.validUntil ?? record.updatedAt, locale);
        return `- No longer true (it held until ${until}): ${about}`;
      }
      return record.kind === 'event' ? `- (${from}) ${about}` : `- ${about} (since ${from})`;
    }
  }
}

/** The memory slot of the prompt: one attributed line per recalled memory, most relevant first. */
export function memorySlot(
  found: readonly RetrievedMemory[],
  companion: string,
  now: number,
  share = DEFAULT_SHARES.memories,
): PromptSlot {
  return {
    name: 'memories',
    heading: MEMORY_HEADING,
    items: found.map(({ record }) => rememberedLine(record, companion, now)),
    share,
  };
}

/**
 * The chips under a reply: the few memories the model was shown that can have shaped it,
 * best first. The companion's own earlier replies are echoes, not things learned, so
 * they are not shown as "remembered".
 */
export function chipsFor(found: readonly RetrievedMemory[], included: readonly number[]): MemoryRef[] {
  return included
    .map((i) => found[i]?.record)
    .filter((r): r is MemoryRecord => !!r && !(r.kind === 'episode' && r.role === 'assistant'))
    .slice(0, MAX_CHIPS)
    .map((r) => ({ id: r.id, text: r.text }));
}
