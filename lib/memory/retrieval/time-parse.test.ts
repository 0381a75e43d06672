import { describe, expect, it } from 'vitest';
import { findTimeExpressions, mentionsTime, parseTimeQuery, withoutTimeExpressions } from './time-parse';

// Wednesday 14 June 2023, 15:00 local time.
const now = new Date(2023, 5, 14, 15, 0);
const day = (y: number, m: number, d: number) => new Date(y, m, d).getTime();
const first = (text: string, ref = now) => findTimeExpressions(text, ref)[0]?.range;

describe('time expressions', () => {
  it('resolves days relative to the reference', () => {
    expect(first('I went yesterday')).toEqual({ start: day(2023, 5, 13), end: day(2023, 5, 14) });
    expect(first('today was fun')).toEqual({ start: day(2023, 5, 14), end: day(2023, 5, 15) });
    expect(first('see you tomorrow')).toEqual({ start: day(2023, 5, 15), end: day(2023, 5, 16) });
    expect(first('the day before yesterday')).toEqual({ start: day(2023, 5, 12), end: day(2023, 5, 13) });
    expect(first('three days ago')?.start).toBe(day(2023, 5, 11));
  });

  it('resolves weeks, weekends, months and years', () => {
    expect(first('last week')).toEqual({ start: day(2023, 5, 5), end: day(2023, 5, 12) });
    expect(first('this week')).toEqual({ start: day(2023, 5, 12), end: day(2023, 5, 19) });
    expect(first('last weekend')).toEqual({ start: day(2023, 5, 10), end: day(2023, 5, 12) });
    expect(first('two weeks ago')?.start).toBe(day(2023, 4, 29));
    expect(first('last month')).toEqual({ start: day(2023, 4, 1), end: day(2023, 5, 1) });
    expect(first('next month')).toEqual({ start: day(2023, 6, 1), end: day(2023, 7, 1) });
    expect(first('a few years ago')).toEqual({ start: day(2020, 0, 1), end: day(2021, 0, 1) });
    expect(first('last year')).toEqual({ start: day(2022, 0, 1), end: day(2023, 0, 1) });
  });

  it('resolves named months, dates, weekdays and years', () => {
    expect(first('in May')).toEqual({ start: day(2023, 4, 1), end: day(2023, 5, 1) });
    expect(first('in August')).toEqual({ start: day(2022, 7, 1), end: day(2022, 8, 1) });
    expect(first('May 2021')).toEqual({ start: day(2021, 4, 1), end: day(2021, 5, 1) });
    expect(first('on 7 May 2023')).toEqual({ start: day(2023, 4, 7), end: day(2023, 4, 8) });
    expect(first('on October 13, 2023')?.start).toBe(day(2023, 9, 13));
    expect(first('on May 7th')?.start).toBe(day(2023, 4, 7));
    expect(first('last Friday')?.start).toBe(day(2023, 5, 9));
    expect(first('next Friday')?.start).toBe(day(2023, 5, 16));
    expect(first('back in 2019')).toEqual({ start: day(2019, 0, 1), end: day(2020, 0, 1) });
    expect(first('last summer')).toEqual({ start: day(2022, 5, 1), end: day(2022, 8, 1) });
  });

  it('does not read the verb "may" as a month', () => {
    expect(findTimeExpressions('I may go there', now)).toEqual([]);
  });

  it('finds several expressions in order, without overlaps', () => {
    const found = findTimeExpressions('Yesterday I booked it for next month, in May 2024.', now);
    expect(found.map((f) => f.text)).toEqual(['Yesterday', 'next month', 'in May 2024']);
  });

  it('removes time expressions from a text', () => {
    expect(withoutTimeExpressions('What did she find on 1 February, 2023?', now).replace(/\s+/g, ' ')).toBe(
      'What did she find on ?',
    );
  });

  it('knows when a text is anchored in time', () => {
    expect(mentionsTime('I went to a support group yesterday')).toBe(true);
    expect(mentionsTime('I painted that lake sunrise in 2022')).toBe(true);
    expect(mentionsTime('That sounds lovely')).toBe(false);
  });
});

describe('time questions', () => {
  it('recognises questions about when', () => {
    expect(parseTimeQuery('When did Caroline go to the support group?', now)).toEqual({ asksWhen: true });
    expect(parseTimeQuery('What year did she move?', now).asksWhen).toBe(true);
    expect(parseTimeQuery('How long ago was her birthday?', now).asksWhen).toBe(true);
    expect(parseTimeQuery('What does she like?', now)).toEqual({ asksWhen: false });
  });

  it('gives the period a question names', () => {
    expect(parseTimeQuery('What did I do last month?', now)).toEqual({
      asksWhen: false,
      range: { start: day(2023, 4, 1), end: day(2023, 5, 1) },
    });
    expect(parseTimeQuery('What happened between May and yesterday?', now).range).toEqual({
      start: day(2023, 4, 1),
      end: day(2023, 5, 14),
    });
  });
});
