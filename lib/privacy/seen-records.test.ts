import { describe, expect, it } from 'vitest';
import { PageSummaryRecord, SeenRecord } from './seen-records';

describe('seen records', () => {
  it('accept what the log writes and refuse a damaged record', () => {
    const record = {
      id: 'a',
      url: 'https://a.test/',
      site: 'a.test',
      title: 'A',
      text: 'Otters.',
      tokens: 3,
      chars: 7,
      injectionSuspected: false,
      at: 1,
      expiresAt: 2,
    };
    expect(SeenRecord.parse(record)).toEqual(record);
    expect(SeenRecord.safeParse({ ...record, tokens: -1 }).success).toBe(false);
    expect(
      PageSummaryRecord.safeParse({
        url: 'https://a.test/',
        site: 'a.test',
        title: 'A',
        summary: 'x'.repeat(401),
        at: 1,
        expiresAt: 2,
      }).success,
    ).toBe(false);
  });
});
