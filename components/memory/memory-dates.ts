import type { MemoryRecord } from '../../lib/memory/records';

// Dates in the memory manager: the date filter's days, what a stored date can sensibly be
// shown as, and the timeline's months.

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a `YYYY-MM-DD` day plus `addDays`, or undefined for an empty or bad value. */
export function dayStart(day: string, addDays = 0): number | undefined {
  const m = DATE_INPUT.exec(day);
  if (!m) return undefined;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.getTime();
}

/** The epoch range [from, to) of two inclusive `YYYY-MM-DD` days; a missing day leaves that side open. */
export function dateRange(from: string, to: string): { from?: number; to?: number } {
  return { from: dayStart(from), to: dayStart(to, 1) };
}

/** An epoch time as a local `YYYY-MM-DD` day, for date inputs. */
export function toDateInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Dates a memory can sensibly carry: years 1000 to 9999. Outside them (an imported 1e300 or
// −1e15) a date is shown as unknown instead of making Intl or toISOString throw.
const EARLIEST_DATE = Date.UTC(1000, 0, 1);
const LATEST_DATE = Date.UTC(10000, 0, 1);
// A memory cannot have been made before browsers had extensions, nor long after now: the
// timeline leaves such creation times out rather than drawing thousands of empty months.
const TIMELINE_FROM = Date.UTC(1990, 0, 1);
const TIMELINE_TO = Date.UTC(2200, 0, 1);

/** Whether `ms` is a date worth showing as a day (finite, years 1000–9999). */
export function isShowableDate(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_DATE && ms < LATEST_DATE;
}

/** One month of the timeline: its local start and end (exclusive) and how many memories it holds. */
export interface MonthBucket {
  year: number;
  /** 0 = January. */
  month: number;
  start: number;
  end: number;
  count: number;
}

/**
 * Counts memories per local calendar month of `createdAt`, oldest month first, with the
 * empty months between the first and the last included so the bars read as a timeline.
 * Impossible creation times (before 1990, after 2200, not finite) are left out.
 */
export function monthBuckets(records: readonly Pick<MemoryRecord, 'createdAt'>[]): MonthBucket[] {
  const counts = new Map<number, number>();
  let min = Infinity;
  let max = -Infinity;
  // Consecutive records usually share a month: count runs against the last month's bounds
  // instead of making a Date per record.
  let lo = Infinity;
  let hi = -Infinity;
  let key = 0;
  let run = 0;
  const flush = () => {
    if (run > 0) counts.set(key, (counts.get(key) ?? 0) + run);
    run = 0;
  };
  for (const r of records) {
    const t = r.createdAt;
    if (!(t >= TIMELINE_FROM && t < TIMELINE_TO)) continue;
    if (!(t >= lo && t < hi)) {
      const d = new Date(t);
      if (Number.isNaN(d.getTime())) continue;
      flush();
      key = d.getFullYear() * 12 + d.getMonth();
      lo = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
      hi = new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
      if (key < min) min = key;
      if (key > max) max = key;
    }
    run++;
  }
  flush();
  const out: MonthBucket[] = [];
  for (let k = min; k <= max; k++) {
    const year = Math.floor(k / 12);
    const month = k % 12;
    out.push({
      year,
      month,
      start: new Date(year, month, 1).getTime(),
      end: new Date(year, month + 1, 1).getTime(),
      count: counts.get(k) ?? 0,
    });
  }
  return out;
}
