import { describe, expect, it } from 'vitest';
import { createMemoryLexicalIndex } from '../lexical/memory-index';
import { expandQuery, queryTerms } from './query';

describe('query expansion', () => {
  it('adds the weightiest terms of the top hits at a lower weight', () => {
    const index = createMemoryLexicalIndex();
    index.add('a', { text: 'Running helps me destress after work, running clears my head' });
    index.add('b', { text: 'Pottery is relaxing' });
    index.add('c', { text: 'Work was long today' });
    const base = queryTerms(index, 'How does she destress?');
    expect([...base.keys()]).toEqual(['destress']);
    const expanded = expandQuery(index, base, ['a'], { docs: 5, terms: 2, weight: 0.3 });
    expect(expanded.get('destress')).toBe(1);
    expect(expanded.get('run')).toBeCloseTo(0.3);
    expect(expanded.size).toBe(3);
    expect([...expanded.values()].every((w) => w <= 1)).toBe(true);
  });
});
