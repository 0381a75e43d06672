import { describe, expect, it } from 'vitest';
import { main, percentile } from './page';
import { tokenF1, tokens } from './token-f1';

describe('tokenF1', () => {
  it('is 1 for the same words however they are spaced or cased, 0 for none shared', () => {
    expect(tokenF1('Sea otters\nhold hands.', 'sea  OTTERS hold hands')).toBe(1);
    expect(tokenF1('kelp', 'otters')).toBe(0);
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('', 'otters')).toBe(0);
  });
  it('counts repeated tokens once per occurrence', () => {
    // candidate 4 tokens, reference 2, overlap 2: P 0.5, R 1.
    expect(tokenF1('otter otter otter otter', 'otter otter')).toBeCloseTo(2 / 3, 10);
  });
  it('splits Chinese and Japanese into characters, and keeps right-to-left words whole', () => {
    expect(tokens('海獺は手をつなぐ')).toEqual(['海', '獺', 'は', '手', 'を', 'つ', 'な', 'ぐ']);
    expect(tokens('שלום עולם')).toEqual(['שלום', 'עולם']);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([], 95)).toBe(0);
  });
});

describe('page suite arguments', () => {
  it('rejects a missing target, an unknown option, a bad --url and a missing file with a usage error', async () => {
    await expect(main([])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(main(['x.html', '--fast'])).rejects.toThrow(/unknown option/);
    await expect(main(['x.html', '--url', 'ftp://x'])).rejects.toThrow(/http/);
    await expect(main(['/no/such/page.html'])).rejects.toThrow(/cannot read/);
  });
});
