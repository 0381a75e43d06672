import { describe, expect, it } from 'vitest';
import { createPageTracker } from './page-tracker';
import { memoryArea } from '../companion/background/fakes';

describe('page tracker', () => {
  it('keeps each tab apart and survives a new instance on the same storage (a woken worker)', async () => {
    const area = memoryArea();
    let t = 1000;
    const first = createPageTracker(area, { now: () => t });
    await first.record(1, { url: 'https://a.test/', title: 'A', selection: '' });
    t = 2000;
    await first.record(2, { url: 'https://b.test/', title: 'B', selection: 'hi' });
    t = 3000;
    await first.record(1, { url: 'https://a.test/', title: 'A again', selection: '' });

    const woken = createPageTracker(area, { now: () => t });
    expect(await woken.get(1)).toMatchObject({ title: 'A again', firstSeenAt: 1000, updatedAt: 3000 });
    expect(await woken.get(2)).toMatchObject({ selection: 'hi' });
    expect(await woken.count()).toBe(2);
    await woken.forget(1);
    expect(await woken.get(1)).toBeNull();
  });

  it('resets dwell time when the tab moves to another page', async () => {
    let t = 1;
    const tracker = createPageTracker(memoryArea(), { now: () => t });
    await tracker.record(5, { url: 'https://a.test/', title: 'A', selection: '' });
    t = 50;
    expect(
      (await tracker.record(5, { url: 'https://a.test/other', title: 'B', selection: '' })).firstSeenAt,
    ).toBe(50);
  });

  it('drops damaged stored entries and keeps the good ones', async () => {
    const area = memoryArea({
      pageContexts: {
        1: { tabId: 1, url: 'https://a.test/', title: 'A', selection: '', firstSeenAt: 1, updatedAt: 2 },
        2: { nonsense: true },
      },
    });
    const tracker = createPageTracker(area);
    expect(await tracker.get(1)).not.toBeNull();
    expect(await tracker.get(2)).toBeNull();
    expect(await createPageTracker(memoryArea({ pageContexts: 'garbage' })).count()).toBe(0);
  });

  it('keeps every tab when many tabs report at the same moment', async () => {
    const area = memoryArea();
    const tracker = createPageTracker(area);
    const tabs = Array.from({ length: 12 }, (_, i) => i + 1);
    await Promise.all(
      tabs.map((tab) =>
        tracker.record(tab, { url: `https://t${tab}.test/`, title: `T${tab}`, selection: '' }),
      ),
    );
    expect(await tracker.count()).toBe(12);
    expect(Object.keys(area.data.pageContexts as object).sort((a, b) => +a - +b)).toEqual(tabs.map(String));
  });

  it('keeps reports and closes that interleave (one writer for both)', async () => {
    const area = memoryArea();
    const tracker = createPageTracker(area);
    await tracker.record(1, { url: 'https://a.test/', title: 'A', selection: '' });
    await Promise.all([
      tracker.forget(1),
      tracker.record(2, { url: 'https://b.test/', title: 'B', selection: '' }),
      tracker.record(3, { url: 'https://c.test/', title: 'C', selection: '' }),
    ]);
    expect(Object.keys(area.data.pageContexts as object).sort()).toEqual(['2', '3']);
  });
});
