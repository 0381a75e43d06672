import { describe, expect, it } from 'vitest';
import { distinctSources, locomoRuleExtractor, MemoryBench, runMemoryEval, withoutCaptions } from './memory';

const bench: MemoryBench = {
  name: 'tiny',
  conversations: [
    {
      id: 'c1',
      speakers: ['Ann', 'Bo'],
      sessions: [
        {
          id: 'S1',
          startedAt: '2023-05-08T13:56:00Z',
          turns: [
            { id: 'D1:1', speaker: 'Ann', text: 'I adopted a grey cat named Pixel yesterday!' },
            { id: 'D1:2', speaker: 'Bo', text: 'Lovely. I started pottery classes last week.' },
            { id: 'D1:3', speaker: 'Ann', text: 'I love pottery too.' },
          ],
        },
        {
          id: 'S2',
          startedAt: '2023-06-01T10:00:00Z',
          turns: [{ id: 'D2:1', speaker: 'Bo', text: 'My kiln finally arrived today.' }],
        },
      ],
      questions: [
        { id: 'q1', question: 'When did Ann adopt Pixel?', evidence: ['D1:1'], category: 'temporal' },
        { id: 'q2', question: 'What arrived for Bo?', evidence: ['D2:1'], category: 'single-hop' },
        { id: 'q3', question: 'Who likes pottery?', evidence: ['D1:2', 'D1:3'], category: 'multi-hop' },
      ],
    },
  ],
};

describe('memory eval', () => {
  it('counts distinct source ids in rank order', () => {
    const m = (...ids: string[]) => ({ provenance: { type: 'messages' as const, messageIds: ids } });
    expect(distinctSources([m('a'), m('a', 'b'), m('c', 'd', 'e')], 4)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs the real ingestion and retrieval and reports in the FORMAT.md shape', async () => {
    const { result, outcomes } = await runMemoryEval(bench, { ks: [1, 5], embedderName: 'none' });
    expect(result).toMatchObject({
      suite: 'memory',
      dataset: 'tiny',
      questions: 3,
      embedder: 'none',
      recall: { '1': expect.any(Number), '5': 100 },
    });
    expect(Object.keys(result.byCategory).sort()).toEqual(['multi-hop', 'single-hop', 'temporal']);
    expect(result.byCategory['temporal']).toEqual({ '1': 100, '5': 100 });
    expect(outcomes[1]?.ranked[0]).toBe('D2:1');
    expect(result.ingestTurnsPerSec).toBeGreaterThan(0);
    expect(Object.keys(result)).toEqual([
      'suite',
      'dataset',
      'questions',
      'embedder',
      'recall',
      'byCategory',
      'ingestTurnsPerSec',
      'queryMsP50',
      'queryMsP95',
    ]);
  });

  it('gives the same figures whichever speaker plays the user', async () => {
    const a = await runMemoryEval(bench, { ks: [1, 5], embedderName: 'none' });
    const b = await runMemoryEval(bench, { ks: [1, 5], embedderName: 'none', swapRoles: true });
    expect(b.result.recall).toEqual(a.result.recall);
  });
});

describe('LoCoMo loading', () => {
  it('leaves image captions out of extraction only, in the eval, not in the product', async () => {
    const text = 'I love my garden. [shares a photo: I love tulips and roses]';
    expect(withoutCaptions(text)).toBe('I love my garden.');
    const found = await locomoRuleExtractor.extract({ text, role: 'user', speaker: 'Ann', at: 0 });
    expect(found.map((m) => m.text)).toEqual(['Ann loves their garden']);
    // What a person types in brackets is not a caption.
    expect(withoutCaptions('I love [insert band].')).toBe('I love [insert band].');
  });
});
