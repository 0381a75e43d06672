/**
 * Time expressions in English, resolved against a reference moment ("now" for a
 * question, the time a turn was said for a memory). Days follow the local calendar.
 */

/** A span of time in epoch ms, end exclusive. */
export interface TimeRange {
  start: number;
  end: number;
}

/** One time expression found in a text. */
export interface TimeMention {
  text: string;
  index: number;
  range: TimeRange;
}

/** What a question says about time. */
export interface TimeQuery {
  /** The question asks for a date or time ("when did…", "what year…", "how long ago…"). */
  asksWhen: boolean;
  /** The period the question is about, if it names one ("last month", "in May"). */
  range?: TimeRange;
}

const DAY = 86_400_000;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  couple: 2,
  'a couple of': 2,
  few: 3,
  'a few': 3,
  several: 3,
};
const SEASONS: Record<string, number> = { spring: 2, summer: 5, fall: 8, autumn: 8, winter: 11 };

const MONTH = `(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`;
const WEEKDAY = `(${WEEKDAYS.join('|')})`;
const COUNT = `(\\d+|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple|few|several)`;
const UNIT = '(day|week|month|year|weekend)s?';

function startOfDay(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}
function addDays(t: number, days: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
}
function monthRange(year: number, month: number, months = 1): TimeRange {
  return { start: new Date(year, month, 1).getTime(), end: new Date(year, month + months, 1).getTime() };
}
function dayRange(t: number, days = 1): TimeRange {
  const start = startOfDay(t);
  return { start, end: addDays(start, days) };
}
function weekStart(t: number): number {
  const d = new Date(startOfDay(t));
  return addDays(d.getTime(), -((d.getDay() + 6) % 7)); // Monday
}
function monthIndex(name: string): number {
  const key = name.toLowerCase().replace('.', '').slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(key));
}
function countOf(word: string): number {
  return /^\d+$/.test(word) ? Number(word) : (NUMBER_WORDS[word.toLowerCase()] ?? 1);
}
/** The most recent occurrence of a month (this year if not after ref, else last year). */
function pastYearFor(month: number, ref: Date): number {
  return month > ref.getMonth() ? ref.getFullYear() - 1 : ref.getFullYear();
}

type Rule = { pattern: RegExp; resolve: (m: RegExpExecArray, ref: Date) => TimeRange | undefined };

const RULES: Rule[] = [
  {
    pattern: /\bthe day before yesterday\b/gi,
    resolve: (_, ref) => dayRange(addDays(ref.getTime(), -2)),
  },
  {
    pattern: /\b(yesterday|last night)\b/gi,
    resolve: (_, ref) => dayRange(addDays(ref.getTime(), -1)),
  },
  {
    pattern: /\b(today|tonight|this (?:morning|afternoon|evening))\b/gi,
    resolve: (_, ref) => dayRange(ref.getTime()),
  },
  { pattern: /\btomorrow\b/gi, resolve: (_, ref) => dayRange(addDays(ref.getTime(), 1)) },
  {
    pattern: new RegExp(`\\b${COUNT} ${UNIT} ago\\b`, 'gi'),
    resolve: (m, ref) => {
      const n = countOf(m[1] ?? '1');
      const unit = (m[2] ?? 'day').toLowerCase();
      const t = ref.getTime();
      if (unit === 'day') return dayRange(addDays(t, -n));
      if (unit === 'week' || unit === 'weekend')
        return { start: weekStart(addDays(t, -7 * n)), end: addDays(weekStart(addDays(t, -7 * n)), 7) };
      if (unit === 'month') return monthRange(ref.getFullYear(), ref.getMonth() - n);
      return monthRange(ref.getFullYear() - n, 0, 12);
    },
  },
  {
    pattern: /\b(last|this|next|past|this past) (week|weekend|month|year)\b/gi,
    resolve: (m, ref) => {
      const which = (m[1] ?? '').toLowerCase();
      const unit = (m[2] ?? '').toLowerCase();
      const shift = which === 'next' ? 1 : which === 'this' ? 0 : -1;
      const t = ref.getTime();
      if (unit === 'week') {
        if (which === 'past') return { start: addDays(startOfDay(t), -7), end: addDays(startOfDay(t), 1) };
        const start = addDays(weekStart(t), 7 * shift);
        return { start, end: addDays(start, 7) };
      }
      if (unit === 'weekend') {
        const sat = addDays(weekStart(t), 5 + 7 * (which === 'this' ? 0 : shift));
        // "this past weekend" and "last weekend" said on a weekday mean the one just gone.
        const start =
          which === 'last' || which === 'past' || which === 'this past'
            ? sat > t
              ? addDays(sat, -7)
              : sat
            : sat;
        return { start, end: addDays(start, 2) };
      }
      if (unit === 'month') return monthRange(ref.getFullYear(), ref.getMonth() + shift);
      return monthRange(ref.getFullYear() + shift, 0, 12);
    },
  },
  {
    pattern: /\b(last|this|next|past) (spring|summer|fall|autumn|winter)\b/gi,
    resolve: (m, ref) => {
      const month = SEASONS[(m[2] ?? '').toLowerCase()] ?? 0;
      const which = (m[1] ?? '').toLowerCase();
      let year = pastYearFor(month, ref);
      if (which === 'next') year = month > ref.getMonth() ? ref.getFullYear() : ref.getFullYear() + 1;
      if (which === 'last' && year === ref.getFullYear() && month + 3 > ref.getMonth()) year--;
      return monthRange(year, month, 3);
    },
  },
  {
    pattern: new RegExp(`\\b(last|next|this|on) ${WEEKDAY}\\b`, 'gi'),
    resolve: (m, ref) => {
      const day = WEEKDAYS.indexOf((m[2] ?? '').toLowerCase());
      const t = startOfDay(ref.getTime());
      const today = new Date(t).getDay();
      if ((m[1] ?? '').toLowerCase() === 'next') return dayRange(addDays(t, (day - today + 7) % 7 || 7));
      const back = (today - day + 7) % 7 || 7;
      return dayRange(addDays(t, -back));
    },
  },
  {
    // 7 May 2023, 7th of May, May 7, May 7th, 2023
    pattern: new RegExp(
      `\\b(?:(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}|${MONTH} (\\d{1,2})(?:st|nd|rd|th)?\\b)(?:,? (\\d{4}))?`,
      'gi',
    ),
    resolve: (m, ref) => {
      const day = Number(m[1] ?? m[4]);
      const month = monthIndex(m[2] ?? m[3] ?? '');
      if (month < 0 || day < 1 || day > 31) return undefined;
      const year = m[5] ? Number(m[5]) : pastYearFor(month, ref);
      return dayRange(new Date(year, month, day).getTime());
    },
  },
  {
    pattern: new RegExp(
      `\\b(?:in|during|since|of|last|between|from|until|early|late|mid) ${MONTH}(?:,? (\\d{4}))?\\b|\\b${MONTH},? (\\d{4})\\b`,
      'gi',
    ),
    resolve: (m, ref) => {
      const month = monthIndex(m[1] ?? m[3] ?? '');
      if (month < 0) return undefined;
      const yearText = m[2] ?? m[4];
      return monthRange(yearText ? Number(yearText) : pastYearFor(month, ref), month);
    },
  },
  {
    pattern: /\b(?:in|since|of|during|back in) ((?:19|20)\d{2})\b/gi,
    resolve: (m) => monthRange(Number(m[1]), 0, 12),
  },
  {
    pattern: /\b(recently|lately|the other day|a while ago)\b/gi,
    resolve: (_, ref) => ({
      start: addDays(startOfDay(ref.getTime()), -30),
      end: addDays(startOfDay(ref.getTime()), 1),
    }),
  },
];

/** Every time expression in a text, resolved against `ref`, in order of appearance (no overlaps). */
export function findTimeExpressions(text: string, ref: Date): TimeMention[] {
  const found: TimeMention[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      const index = m.index;
      const end = index + m[0].length;
      if (found.some((f) => index < f.index + f.text.length && end > f.index)) continue;
      const range = rule.resolve(m, ref);
      if (range && Number.isFinite(range.start)) found.push({ text: m[0], index, range });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

const WHEN =
  /^\s*(?:when\b|since when\b|what (?:date|day|time|year|month|week)\b|which (?:year|month|day|week)\b|how long ago\b)/i;
const WHEN_INSIDE = /\b(?:when did|when was|when is|when will|when does|how long ago|what year|what date)\b/i;

/** What a question says about time, relative to `now`. */
export function parseTimeQuery(question: string, now: Date): TimeQuery {
  const asksWhen = WHEN.test(question) || WHEN_INSIDE.test(question);
  const mentions = findTimeExpressions(question, now);
  if (mentions.length === 0) return { asksWhen };
  const start = Math.min(...mentions.map((m) => m.range.start));
  const end = Math.max(...mentions.map((m) => m.range.end));
  return { asksWhen, range: { start, end } };
}

/** The text with its time expressions taken out (they are matched as dates, not as words). */
export function withoutTimeExpressions(text: string, ref: Date): string {
  let out = text;
  for (const m of findTimeExpressions(text, ref).reverse()) {
    out = out.slice(0, m.index) + ' ' + out.slice(m.index + m.text.length);
  }
  return out;
}

/** Whether a text anchors itself in time (says when something happened), resolved or not. */
export function mentionsTime(text: string): boolean {
  return (
    findTimeExpressions(text, new Date(0)).length > 0 ||
    /\b(ago|last|next|since|weekend|tomorrow|yesterday|\d{4}|morning|night|week|month|year|years|birthday|anniversary)\b/i.test(
      text,
    )
  );
}

export { DAY as DAY_MS };
