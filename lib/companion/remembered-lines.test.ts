import { describe, expect, it } from 'vitest';
import type { MemoryRecord } from '../memory/records';
import type { RetrievedMemory } from '../memory/retrieval/types';
import { chipsFor, rememberedLine } from './remembered-lines';

const at = Date.UTC(2026, 11, 2, 12);
function record(patch: Partial<MemoryRecord>): MemoryRecord {
  return {
    id: patch.id ?? 'm',
    text: 'x',
    textKey: 'k',
    kind: 'episode',
    provenance: { type: 'messages', messageIds: ['a'] },
    createdAt: at,
    updatedAt: at,
    validFrom: at,
    importance: 0.5,
    emotion: { valence: 0, arousal: 0 },
    pinned: false,
    accessCount: 0,
    ...patch,
  };
}

describe('rememberedLine', () => {
  it('says who said an episode', () => {
    expect(rememberedLine(record({ role: 'user', text: 'I moved to Porto' }), 'Ember', at)).toBe(
      '- (2 Dec 2026) The user said: “I moved to Porto”',
    );
    expect(rememberedLine(record({ role: 'assistant', text: 'I love rain' }), 'Ember', at)).toBe(
      '- (2 Dec 2026) You (Ember) told the user: “I love rain”',
    );
  });

  it('says whom a fact is about, and since when', () => {
    const fact = record({ kind: 'user-fact', role: 'user', speaker: 'User', text: 'User lives in Porto' });
    expect(rememberedLine(fact, 'Ember', at)).toBe('- The user lives in Porto (since 2 Dec 2026)');
    const own = record({
      kind: 'companion-fact',
      role: 'assistant',
      speaker: 'Ember',
      text: 'Ember loves tea',
    });
    expect(rememberedLine(own, 'Ember', at)).toMatch(
      /^- About you \(Ember\), as you said it: Ember loves tea/,
    );
  });

  it('never presents a replaced fact as current', () => {
    const old = record({
      kind: 'user-fact',
      role: 'user',
      speaker: 'User',
      text: 'User lives in Lisbon',
      validUntil: at,
      supersededBy: 'new',
    });
    const line = rememberedLine(old, 'Ember', at + 1);
    expect(line).toBe('- No longer true (it held until 2 Dec 2026): The user lives in Lisbon');
    expect(line).not.toMatch(/since/);
  });
});

describe('chipsFor', () => {
  it('names at most three memories the model saw, leaving out the companion’s own replies', () => {
    const found = ['u1', 'a1', 'u2', 'u3', 'u4'].map(
      (id) =>
        ({
          record: record({ id, role: id.startsWith('a') ? 'assistant' : 'user', text: id }),
        }) as RetrievedMemory,
    );
    expect(chipsFor(found, [0, 1, 3, 4]).map((c) => c.id)).toEqual(['u1', 'u3', 'u4']);
    expect(chipsFor(found, [1])).toEqual([]);
  });
});
