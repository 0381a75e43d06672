import { MAX_MESSAGE_CHARS } from '../chat/message-limits';
import type { BackupFile, StoreSectionName } from './format';

/*
 * What a backup's records may hold beyond their schema: dates in a sane range and fields of
 * a sane size. The schemas accept any number and any string; a hand-edited or hostile file
 * with a date of 1e300 crashed the memory manager's rows, and a 30 MB message froze the
 * panel. Every refusal names the entry and field.
 */

/** The earliest record time accepted (creation, update, pin, access): before Hearth existed. */
export const EARLIEST_RECORD_TIME = Date.parse('2000-01-01T00:00:00Z');
/** How far past "now" a record time may be: a day, for clocks that are a little off. */
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;
/**
 * The range of an event's date (a memory's validFrom and validUntil): what a user can say,
 * "in 1850" or "in 2040", so any four-digit year, 0001-01-01 to 9999-12-31.
 */
export const EVENT_TIME_RANGE = {
  min: Date.parse('0001-01-01T00:00:00Z'),
  max: Date.parse('9999-12-31T23:59:59.999Z'),
} as const;

// The longest message accepted: twice the 1 MB reply cap, so every reply and long paste fits.
// Defined where the composer and chat session enforce it too, so what Hearth stores imports.
export { MAX_MESSAGE_CHARS };
/** The longest id (records, references): Hearth's own are about 25 characters. */
export const MAX_ID_CHARS = 200;
/** The longest conversation title (Hearth writes 120 at most). */
export const MAX_TITLE_CHARS = 500;
/** The longest error text kept with a failed reply. */
export const MAX_ERROR_CHARS = 4_000;
/** The longest engine or model name, speaker, site or page title. */
export const MAX_NAME_CHARS = 1_000;
/** The longest page address a memory cites. */
export const MAX_URL_CHARS = 4_096;
/** The most messages one memory may cite. */
export const MAX_CITED_MESSAGES = 1_000;

type Rule =
  | { field: string; kind: 'record-time' | 'event-time' }
  | { field: string; kind: 'text'; max: number }
  | { field: string; kind: 'list'; max: number };

// `a.b` reads a nested field, `a[]` each element of a list.
const RULES: Record<StoreSectionName, Rule[]> = {
  images: [{ field: 'createdAt', kind: 'record-time' }],
  personas: [
    { field: 'id', kind: 'text', max: MAX_ID_CHARS },
    { field: 'createdAt', kind: 'record-time' },
    { field: 'updatedAt', kind: 'record-time' },
  ],
  conversations: [
    { field: 'id', kind: 'text', max: MAX_ID_CHARS },
    { field: 'personaId', kind: 'text', max: MAX_ID_CHARS },
    { field: 'title', kind: 'text', max: MAX_TITLE_CHARS },
    { field: 'createdAt', kind: 'record-time' },
    { field: 'updatedAt', kind: 'record-time' },
  ],
  messages: [
    { field: 'id', kind: 'text', max: MAX_ID_CHARS },
    { field: 'conversationId', kind: 'text', max: MAX_ID_CHARS },
    { field: 'content', kind: 'text', max: MAX_MESSAGE_CHARS },
    { field: 'error', kind: 'text', max: MAX_ERROR_CHARS },
    { field: 'engine', kind: 'text', max: MAX_NAME_CHARS },
    { field: 'model', kind: 'text', max: MAX_NAME_CHARS },
    { field: 'createdAt', kind: 'record-time' },
  ],
  memories: [
    { field: 'id', kind: 'text', max: MAX_ID_CHARS },
    { field: 'conversationId', kind: 'text', max: MAX_ID_CHARS },
    { field: 'supersededBy', kind: 'text', max: MAX_ID_CHARS },
    { field: 'speaker', kind: 'text', max: MAX_NAME_CHARS },
    { field: 'site', kind: 'text', max: MAX_NAME_CHARS },
    { field: 'provenance.messageIds', kind: 'list', max: MAX_CITED_MESSAGES },
    { field: 'provenance.messageIds[]', kind: 'text', max: MAX_ID_CHARS },
    { field: 'provenance.url', kind: 'text', max: MAX_URL_CHARS },
    { field: 'provenance.title', kind: 'text', max: MAX_NAME_CHARS },
    { field: 'createdAt', kind: 'record-time' },
    { field: 'updatedAt', kind: 'record-time' },
    { field: 'pinnedAt', kind: 'record-time' },
    { field: 'lastAccessedAt', kind: 'record-time' },
    { field: 'validFrom', kind: 'event-time' },
    { field: 'validUntil', kind: 'event-time' },
  ],
};

/** Every value at `field` in `record`, with its printed path (`provenance.messageIds[2]`). */
function valuesAt(record: unknown, field: string): [string, unknown][] {
  let current: [string, unknown][] = [['', record]];
  for (const part of field.split('.')) {
    const each = part.endsWith('[]');
    const key = each ? part.slice(0, -2) : part;
    const next: [string, unknown][] = [];
    for (const [path, value] of current) {
      if (typeof value !== 'object' || value === null) continue;
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue;
      const at = path ? `${path}.${key}` : key;
      if (each && Array.isArray(child)) child.forEach((item, i) => next.push([`${at}[${i}]`, item]));
      else if (!each) next.push([at, child]);
    }
    current = next;
  }
  return current;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const count = (n: number) => n.toLocaleString('en');

function problemWith(rule: Rule, value: unknown, now: number): string | null {
  if (rule.kind === 'text') {
    return typeof value === 'string' && value.length > rule.max
      ? `${count(value.length)} characters; Hearth imports at most ${count(rule.max)}`
      : null;
  }
  if (rule.kind === 'list') {
    return Array.isArray(value) && value.length > rule.max
      ? `${count(value.length)} entries; Hearth imports at most ${count(rule.max)}`
      : null;
  }
  const [min, max] =
    rule.kind === 'record-time'
      ? [EARLIEST_RECORD_TIME, now + FUTURE_SLACK_MS]
      : [EVENT_TIME_RANGE.min, EVENT_TIME_RANGE.max];
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return null;
  return `${String(value)} is not a date Hearth accepts (expected a time between ${day(min)} and ${day(max)}, in milliseconds)`;
}

/**
 * The first record whose dates or sizes are out of range, as `messages[3].content: …`, or
 * null when every record is within the limits. `now` bounds record times from above.
 */
export function checkRecordLimits(backup: BackupFile, now: number): string | null {
  for (const name of Object.keys(RULES) as StoreSectionName[]) {
    const entries = backup.sections[name] ?? [];
    for (let i = 0; i < entries.length; i++) {
      for (const rule of RULES[name]) {
        for (const [path, value] of valuesAt(entries[i], rule.field)) {
          const problem = problemWith(rule, value, now);
          if (problem) return `${name}[${i}].${path}: ${problem}.`;
        }
      }
    }
  }
  return null;
}
