import type { MemoryEmotion, MemoryKind, MemoryRole } from '../records';
import { findTimeExpressions } from '../retrieval/time-parse';
import { factSlot } from './slots';

/** One chat turn as an extractor sees it. */
export interface ExtractionInput {
  text: string;
  role: MemoryRole;
  /** The speaker's name, used as the subject of what is extracted ("Caroline loves…"). */
  speaker?: string;
  /** When the turn was said (epoch ms): relative dates resolve against it. */
  at: number;
}

/** A memory distilled from a turn; the ingestion path adds provenance and ids. */
export interface ExtractedMemory {
  kind: Exclude<MemoryKind, 'episode' | 'page' | 'reflection'>;
  text: string;
  importance: number;
  /** When what it says happened or became true, if the turn says so. */
  validFrom?: number;
  emotion?: MemoryEmotion;
  /** What the fact is about, for facts that a later, different statement replaces. */
  slot?: string;
}

/** Anything that turns a chat turn into memories: these rules now, a language model later. */
export interface Extractor {
  readonly id: string;
  extract(input: ExtractionInput): ExtractedMemory[] | Promise<ExtractedMemory[]>;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "7 May 2023" in the local calendar. */
export function formatDay(t: number): string {
  const d = new Date(t);
  return `${d.getDate()} ${MONTH_NAMES[d.getMonth()]} ${d.getFullYear()}`;
}

/** Sentences of a turn, as the speaker wrote them (bracketed text included). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const END = String.raw`(?=[.!?,;]|\s+(?:and|but|because|so|since)\s|$)`;
const OBJECT = String.raw`([^.!?,;]{2,90}?)`;

const PREFERENCE = new RegExp(
  String.raw`\bI\s+(?:really\s+|absolutely\s+|totally\s+|just\s+|also\s+|still\s+)?(love|like|enjoy|adore|prefer|hate|dislike|can't stand|cannot stand)\s+${OBJECT}${END}`,
  'gi',
);
const FAN = new RegExp(
  String.raw`\bI(?:'m| am)\s+(?:really\s+|such\s+)?(?:a (?:big |huge )?fan of|into|passionate about|obsessed with)\s+${OBJECT}${END}`,
  'gi',
);
const MY_X_IS = new RegExp(
  String.raw`\bmy\s+((?:[a-z']+\s+){0,2}[a-z]+)\s+(is|are|was|were)\s+${OBJECT}${END}`,
  'gi',
);
const I_AM = new RegExp(String.raw`\bI(?:'m| am)\s+(an?\s+[a-z]+(?:\s+[a-z]+){0,3})${END}`, 'gi');
const I_HAVE = new RegExp(
  String.raw`\bI(?:'ve| have)\s+(?:got\s+)?((?:an?|two|three|four|five|\d+)\s+[a-z]+(?:\s+[a-z]+){0,3})${END}`,
  'gi',
);
const I_LIVE_WORK = new RegExp(
  String.raw`\bI\s+(live|work|study|grew up)\s+(in|at|as|for|near)\s+${OBJECT}${END}`,
  'gi',
);
const PLAN = new RegExp(
  String.raw`\bI(?:'m| am)?\s*(?:going to|gonna|planning (?:to|on)|thinking (?:of|about)|about to|hoping to|looking forward to)\s+${OBJECT}${END}|\bI(?:'ll| will| plan to| want to| hope to| intend to)\s+${OBJECT}${END}`,
  'gi',
);
const PAST = new RegExp(
  String.raw`\bI(?:\s+(?:just|finally|recently|also|actually))?\s+(went|visited|started|joined|finished|bought|adopted|moved|ran|took|signed up|attended|won|met|made|painted|read|watched|saw|tried|learned|graduated|travell?ed|got|had|created|volunteered|celebrated|received|found|lost|quit|began|launched|wrote|played|cooked|baked|built|organized|hosted|gave|spoke|performed)\b\s*${OBJECT}${END}`,
  'gi',
);

const POSITIVE = new Set(['love', 'like', 'enjoy', 'adore', 'prefer']);

function third(verb: string): string {
  const v = verb.toLowerCase();
  if (v === "can't stand" || v === 'cannot stand') return "can't stand";
  if (/(s|sh|ch|x|z)$/.test(v)) return `${v}es`;
  if (/[^aeiou]y$/.test(v)) return `${v.slice(0, -1)}ies`;
  return `${v}s`;
}

/** "my" → "their" so a distilled memory reads in the third person. */
function reflect(text: string): string {
  return text
    .replace(/\bmy\b/gi, 'their')
    .replace(/\bmine\b/gi, 'theirs')
    .replace(/\bmyself\b/gi, 'themselves')
    .replace(/\bI'm\b/g, 'they are')
    .replace(/\bI\b/g, 'they')
    .replace(/\bme\b/gi, 'them')
    .trim();
}

function dated(sentence: string, at: number): { suffix: string; validFrom?: number } {
  const mention = findTimeExpressions(sentence, new Date(at))[0];
  if (!mention) return { suffix: '' };
  const day = formatDay(mention.range.start);
  const days = (mention.range.end - mention.range.start) / 86_400_000;
  const label =
    days > 27 && days < 32 ? day.replace(/^\d+ /, '') : days > 360 ? day.replace(/^\d+ \w+ /, '') : day;
  return { suffix: ` (${mention.text}: ${label})`, validFrom: mention.range.start };
}

/**
 * Rule-based extraction: preferences, facts, plans and past events a speaker states
 * about themself in the first person. Pure; a memory per match, deduplicated by text.
 */
export function extractWithRules(input: ExtractionInput): ExtractedMemory[] {
  const who = input.speaker ?? (input.role === 'user' ? 'The user' : 'The companion');
  const factKind = input.role === 'user' ? 'user-fact' : 'companion-fact';
  const out = new Map<string, ExtractedMemory>();
  const put = (memory: ExtractedMemory) => {
    const key = memory.text.toLowerCase();
    if (!out.has(key)) out.set(key, memory);
  };

  for (const sentence of sentences(input.text)) {
    if (/\?\s*$/.test(sentence)) continue; // questions state nothing about the speaker
    const when = dated(sentence, input.at);
    for (const m of sentence.matchAll(PREFERENCE)) {
      const verb = m[1] ?? '';
      put({
        kind: 'preference',
        text: `${who} ${third(verb)} ${reflect(m[2] ?? '')}`,
        importance: 0.6,
        emotion: { valence: POSITIVE.has(verb.toLowerCase()) ? 0.6 : -0.6, arousal: 0.3 },
      });
    }
    for (const m of sentence.matchAll(FAN)) {
      put({
        kind: 'preference',
        text: `${who} is into ${reflect(m[1] ?? '')}`,
        importance: 0.6,
        emotion: { valence: 0.6, arousal: 0.4 },
      });
    }
    for (const m of sentence.matchAll(MY_X_IS)) {
      // "my sister is Ana" states something that holds now; "my sister was…" does not replace it.
      const present = /^(is|are)$/i.test(m[2] ?? '');
      put({
        kind: factKind,
        text: `${who}'s ${m[1]} ${m[2]} ${reflect(m[3] ?? '')}`,
        importance: 0.6,
        slot: present ? factSlot(factKind, input.speaker, `my ${m[1] ?? ''}`) : undefined,
      });
    }
    for (const m of sentence.matchAll(I_AM)) {
      put({ kind: factKind, text: `${who} is ${reflect(m[1] ?? '')}`, importance: 0.5 });
    }
    for (const m of sentence.matchAll(I_HAVE)) {
      put({ kind: factKind, text: `${who} has ${reflect(m[1] ?? '')}`, importance: 0.5 });
    }
    for (const m of sentence.matchAll(I_LIVE_WORK)) {
      put({
        kind: factKind,
        text: `${who} ${third(m[1] ?? '')} ${m[2]} ${reflect(m[3] ?? '')}`,
        importance: 0.6,
        slot: factSlot(factKind, input.speaker, `${m[1] ?? ''} ${m[2] ?? ''}`),
      });
    }
    for (const m of sentence.matchAll(PLAN)) {
      const what = reflect(m[1] ?? m[2] ?? '');
      put({
        kind: 'event',
        text: `${who} plans to ${what}${when.suffix}`,
        importance: 0.6,
        validFrom: when.validFrom,
      });
    }
    for (const m of sentence.matchAll(PAST)) {
      const what = `${(m[1] ?? '').toLowerCase()} ${reflect(m[2] ?? '')}`.trim();
      put({
        kind: 'event',
        text: `${who} ${what}${when.suffix}`,
        importance: when.validFrom !== undefined ? 0.65 : 0.5,
        validFrom: when.validFrom,
      });
    }
  }
  return [...out.values()];
}

/** The rule-based extractor as an `Extractor`. */
export const ruleExtractor: Extractor = { id: 'rules@1', extract: extractWithRules };
