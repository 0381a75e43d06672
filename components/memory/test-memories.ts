// Test helper: stored-looking memories for the manager's unit and component tests.
import { memoryTextKey, type MemoryRecord } from '../../lib/memory/records';

/** Noon of a local day (month 1–12). */
export const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime();

/** A memory as the store would have written it, with sensible defaults. */
export function mem(id: string, extra: Partial<MemoryRecord> = {}): MemoryRecord {
  const createdAt = extra.createdAt ?? at(2026, 5, 3);
  const text = extra.text ?? `memory ${id}`;
  return {
    id,
    text,
    textKey: memoryTextKey(text),
    kind: 'user-fact',
    provenance: { type: 'messages', messageIds: [`m-${id}`] },
    createdAt,
    updatedAt: createdAt,
    validFrom: createdAt,
    importance: 0.5,
    emotion: { valence: 0, arousal: 0 },
    pinned: false,
    accessCount: 0,
    ...extra,
  };
}

/** A page memory. */
export const page = (id: string, url: string, extra: Partial<MemoryRecord> = {}) =>
  mem(id, { kind: 'page', provenance: { type: 'page', url, title: 'A page' }, ...extra });

/** `n` memories, newest first, cheap to make (one template, no hashing per record). */
export function manyMemories(n: number, start = Date.UTC(2024, 0, 1), step = 600_000): MemoryRecord[] {
  const template = mem('template');
  const out: MemoryRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const createdAt = start + (n - 1 - i) * step;
    out[i] = {
      ...template,
      id: `m${String(i).padStart(6, '0')}`,
      text: `memory number ${i}`,
      createdAt,
      validFrom: createdAt,
      updatedAt: createdAt,
    };
  }
  return out;
}
