import { describe, expect, it } from 'vitest';
import { createSerialWriter, createStoredValue } from './serial-writer';
import { memoryArea } from './fakes';

const later = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('serial writer', () => {
  it('runs steps one at a time, in the order they were queued', async () => {
    const writer = createSerialWriter();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`${name} start`);
      await later();
      log.push(`${name} end`);
      return name;
    };
    expect(await Promise.all([writer.run(step('a')), writer.run(step('b')), writer.run(step('c'))])).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('reports a failed step to its caller and keeps running the next ones', async () => {
    const writer = createSerialWriter();
    const failed = writer.run(async () => {
      throw new Error('disk full');
    });
    const next = writer.run(async () => 'still runs');
    await expect(failed).rejects.toThrow('disk full');
    expect(await next).toBe('still runs');
  });

  it('a stored counter bumped by 25 events at once counts all 25 (a read-modify-write race without it)', async () => {
    const area = memoryArea();
    const counter = createStoredValue(
      area,
      'n',
      (v) => (typeof v === 'number' ? v : 0),
      createSerialWriter(),
    );
    const results = await Promise.all(
      Array.from({ length: 25 }, () => counter.update((n) => ({ next: n + 1, result: n + 1 }))),
    );
    expect(area.data.n).toBe(25);
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));

    // The same updates without the writer lose counts: this is the defect the writer fixes.
    const raw = memoryArea();
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const n = ((await raw.get('n')).n as number | undefined) ?? 0;
        await raw.set({ n: n + 1 });
      }),
    );
    expect(raw.data.n).toBeLessThan(5);
  });
});
