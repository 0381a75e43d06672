import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createMemoryStore } from '../memory/memory-store';
import { kickOnCommit } from './outbox-kick';

describe('kickOnCommit', () => {
  it('wakes the background once per burst of committed events, with a valid outbox/kick message', async () => {
    const db = await openHearthDb({ name: `outbox-kick-${crypto.randomUUID()}` });
    const sent: unknown[] = [];
    const stop = kickOnCommit(async (envelope) => {
      sent.push(envelope);
      return { ok: true, value: { started: true } };
    });
    let n = 0;
    const store = createMemoryStore(db, { newId: () => `m${n++}` });
    await store.addMany([
      { text: 'a', kind: 'preference', provenance: { type: 'messages', messageIds: ['x'] } },
      { text: 'b', kind: 'preference', provenance: { type: 'messages', messageIds: ['x'] } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([{ hearth: 1, type: 'outbox/kick', payload: {} }]);
    await store.forget('nothing'); // no change, no event, no kick
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    await store.forget('m0');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toHaveLength(1);
    db.close();
  });
});
