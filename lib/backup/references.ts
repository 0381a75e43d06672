import type { BackupFile } from './format';

/**
 * Looks up which of `ids` Hearth stores, one answer per id (undefined when absent); null when
 * that store is being replaced by the import, so nothing stored in it counts.
 */
export type StoredKeys = ((ids: string[]) => Promise<unknown[]>) | null;

/** Where a backup's references may point besides the file itself. */
export interface StoredLookups {
  conversations: StoredKeys;
  messages: StoredKeys;
}

async function present(ids: string[], stored: StoredKeys): Promise<Set<string>> {
  if (!stored || ids.length === 0) return new Set();
  const found = await stored(ids);
  return new Set(ids.filter((_, i) => found[i] !== undefined));
}

/** The first message whose conversation is neither in the file nor stored, named. */
async function danglingConversation(backup: BackupFile, stored: StoredKeys): Promise<string | null> {
  const messages = backup.sections.messages ?? [];
  const inFile = new Set((backup.sections.conversations ?? []).map((c) => c.id));
  const firstUse = new Map<string, number>();
  messages.forEach((m, i) => {
    if (!inFile.has(m.conversationId) && !firstUse.has(m.conversationId)) firstUse.set(m.conversationId, i);
  });
  if (firstUse.size === 0) return null;
  const ids = [...firstUse.keys()];
  const found = await present(ids, stored);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length === 0) return null;
  const id = missing[0]!;
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more missing conversations)` : '';
  return `messages[${firstUse.get(id)}].conversationId: conversation "${id}" is neither in the file nor in Hearth${more}.`;
}

/**
 * The first memory that cites a message missing from a conversation Hearth has, named.
 * Only memories whose conversation exists are held to it: a memory kept after its
 * conversation was deleted (or exported alone, "memories only", and imported elsewhere)
 * legitimately cites messages that are gone, and so does a reflection, which spans
 * conversations and has none of its own.
 */
async function danglingCitation(backup: BackupFile, lookups: StoredLookups): Promise<string | null> {
  const memories = backup.sections.memories ?? [];
  const conversationsInFile = new Set((backup.sections.conversations ?? []).map((c) => c.id));
  const messagesInFile = new Set((backup.sections.messages ?? []).map((m) => m.id));
  const cited = memories.filter((m) => m.provenance.type === 'messages' && m.conversationId !== undefined);
  if (cited.length === 0) return null;
  const outside = (ids: Iterable<string>, inFile: Set<string>) =>
    [...new Set(ids)].filter((id) => !inFile.has(id));
  const storedConversations = await present(
    outside(
      cited.map((m) => m.conversationId!),
      conversationsInFile,
    ),
    lookups.conversations,
  );
  const live = (id: string) => conversationsInFile.has(id) || storedConversations.has(id);
  const checked = cited.filter((m) => live(m.conversationId!));
  const storedMessages = await present(
    outside(
      checked.flatMap((m) => (m.provenance.type === 'messages' ? m.provenance.messageIds : [])),
      messagesInFile,
    ),
    lookups.messages,
  );
  for (const [i, memory] of memories.entries()) {
    if (memory.provenance.type !== 'messages' || !memory.conversationId || !live(memory.conversationId))
      continue;
    const j = memory.provenance.messageIds.findIndex(
      (id) => !messagesInFile.has(id) && !storedMessages.has(id),
    );
    if (j !== -1) {
      const id = memory.provenance.messageIds[j]!;
      return `memories[${i}].provenance.messageIds[${j}]: message "${id}" of conversation "${memory.conversationId}" is neither in the file nor in Hearth.`;
    }
  }
  return null;
}

/** The first reference in the backup that points at nothing, named; null when all resolve. */
export async function danglingReference(backup: BackupFile, lookups: StoredLookups): Promise<string | null> {
  return (
    (await danglingConversation(backup, lookups.conversations)) ?? (await danglingCitation(backup, lookups))
  );
}
