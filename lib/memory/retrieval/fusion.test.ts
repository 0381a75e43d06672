import { describe, expect, it } from 'vitest';
import { fuse, reciprocalRankFusion, scoreFusion } from './fusion';

const list = (...ids: string[]) => ({ hits: ids.map((id, i) => ({ id, score: 10 - i })) });

describe('fusion', () => {
  it('RRF favours memories both lists rank high, scaled to [0, 1]', () => {
    const fused = reciprocalRankFusion([list('a', 'b', 'c'), list('b', 'a', 'd')], 60);
    expect(fused.get('a')).toBeCloseTo(fused.get('b')!);
    expect(fused.get('a')!).toBeGreaterThan(fused.get('c')!);
    expect(fused.get('c')).toBeCloseTo(fused.get('d')!);
    const top = reciprocalRankFusion([list('a'), list('a')]);
    expect(top.get('a')).toBeCloseTo(1);
  });

  it('RRF weights lists', () => {
    const fused = reciprocalRankFusion([
      { ...list('a', 'b'), weight: 1 },
      { ...list('b', 'a'), weight: 0.2 },
    ]);
    expect(fused.get('a')!).toBeGreaterThan(fused.get('b')!);
  });

  it('score fusion keeps the gaps between scores', () => {
    const lexical = {
      hits: [
        { id: 'a', score: 9 },
        { id: 'b', score: 1.5 },
        { id: 'c', score: 1 },
      ],
    };
    const dense = {
      hits: [
        { id: 'b', score: 0.6 },
        { id: 'a', score: 0.59 },
        { id: 'c', score: 0.2 },
      ],
    };
    const fused = scoreFusion([lexical, dense]);
    expect(fused.get('a')!).toBeGreaterThan(fused.get('b')!);
    expect(fused.get('c')).toBe(0);
    for (const v of fused.values()) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of fused.values()) expect(v).toBeLessThanOrEqual(1);
  });

  it('score fusion takes a fixed floor when a list has one (BM25: 0)', () => {
    const fused = scoreFusion([
      {
        hits: [
          { id: 'a', score: 8 },
          { id: 'b', score: 2 },
        ],
        floor: 0,
      },
    ]);
    expect(fused.get('a')).toBe(1);
    expect(fused.get('b')).toBeCloseTo(0.25);
  });

  it('handles empty lists and a single hit', () => {
    expect(scoreFusion([{ hits: [] }]).size).toBe(0);
    expect(fuse([{ hits: [{ id: 'x', score: 3 }] }], 'score').get('x')).toBe(1);
    expect(fuse([{ hits: [] }, list('x')], 'rrf').get('x')).toBeCloseTo(0.5);
  });
});
