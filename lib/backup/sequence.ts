import type { MessageRecord } from '../db/records';

/**
 * Imported messages get fresh sequence numbers. The chat store reads a conversation's page as
 * one key range of contiguous numbers from 0 and appends at the last number + 1, so a file
 * with gaps (0, 5, 90) or huge numbers (2^53) showed 1 message of 6, and a message added
 * after it was stored but never read back. Order is kept: by the file's (or the stored)
 * number, then time, then id.
 *
 * `stored` are the messages Hearth already holds in the same conversations (merge), which
 * are renumbered together with the file's; a stored message with an id the file also holds
 * is replaced by the file's. Returns every record to write, stored ones only when their
 * number changed.
 */
export function renumberMessages(
  incoming: readonly MessageRecord[],
  stored: readonly MessageRecord[],
): MessageRecord[] {
  const fromFile = new Set(incoming.map((m) => m.id));
  const storedSeq = new Map(stored.map((m) => [m.id, m.seq]));
  const byConversation = new Map<string, MessageRecord[]>();
  for (const m of [...stored.filter((s) => !fromFile.has(s.id)), ...incoming]) {
    const list = byConversation.get(m.conversationId);
    if (list) list.push(m);
    else byConversation.set(m.conversationId, [m]);
  }
  const out: MessageRecord[] = [];
  for (const list of byConversation.values()) {
    list.sort(
      (a, b) => a.seq - b.seq || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    list.forEach((m, seq) => {
      if (fromFile.has(m.id) || storedSeq.get(m.id) !== seq) out.push({ ...m, seq });
    });
  }
  return out;
}
