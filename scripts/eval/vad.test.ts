import { describe, expect, it } from 'vitest';
import { loadAppraiser } from '../../lib/mood/appraiser/appraiser';
import { evaluateVad, parseVadRows, pearson } from './vad';
import { importWeights } from '../../lib/mood/appraiser/weights-module';

describe('the vad suite', () => {
  it('computes Pearson r', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 10);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('rejects a malformed row naming its line', () => {
    expect(() => parseVadRows('ok\t3\t3\t3\tid\nbad\tx\t3\t3\tid\n')).toThrow(/line 2/);
  });

  it('correlates the appraiser with ratings', async () => {
    const rows = parseVadRows(
      [
        'I am so happy and grateful today!\t4.5\t3.8\t3.4\ta',
        'This is awful, I am furious.\t1.5\t4.2\t3.0\tb',
        'The report is due on Monday.\t3.0\t2.6\t3.0\tc',
        'I miss her so much, I feel empty.\t1.6\t2.8\t2.2\td',
      ].join('\n'),
    );
    const result = evaluateVad(await loadAppraiser(importWeights), rows);
    expect(result.n).toBe(4);
    expect(result.r.V).toBeGreaterThan(0.8);
    expect(Number.isFinite(result.msPerTextP50)).toBe(true);
  });
});

describe('reading data files', () => {
  it('turns a missing file into a usage error naming it', async () => {
    const { readText } = await import('./read-text');
    await expect(readText('/nonexistent/emobank.tsv')).rejects.toThrow(
      /cannot read \/nonexistent\/emobank.tsv/,
    );
  });
});
