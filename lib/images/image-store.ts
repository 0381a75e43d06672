import type { IDBPDatabase } from 'idb';
import { z } from 'zod';
import type { HearthDB } from '../db/schema';

/** A stored picture: the blob itself, with the message it belongs to. */
export const ImageRecord = z.object({
  id: z.string().min(1).max(200),
  messageId: z.string().min(1).max(200),
  conversationId: z.string().min(1).max(200),
  blob: z.instanceof(Blob),
  mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
  /** The prompt it was made from (request, appearance, feeling). */
  prompt: z.string().max(4000),
  createdAt: z.number(),
});
/** A stored picture. */
export type ImageRecord = z.infer<typeof ImageRecord>;

/**
 * Pictures in IndexedDB, by message. Shown only from blob URLs made from these records,
 * never from a server's URL. A record that does not validate (older or damaged) is left out
 * when read rather than breaking the chat.
 */
export function createImageStore(db: IDBPDatabase<HearthDB>) {
  return {
    async put(record: ImageRecord): Promise<void> {
      await db.put('images', ImageRecord.parse(record));
    },
    async forMessage(messageId: string): Promise<ImageRecord[]> {
      const rows = await db.getAllFromIndex('images', 'byMessage', messageId);
      return rows.flatMap((row) => {
        const parsed = ImageRecord.safeParse(row);
        return parsed.success ? [parsed.data] : [];
      });
    },
    async all(): Promise<ImageRecord[]> {
      return db.getAll('images');
    },
    async deleteForConversation(conversationId: string): Promise<void> {
      const tx = db.transaction('images', 'readwrite');
      for (const key of await tx.store.index('byConversation').getAllKeys(conversationId))
        await tx.store.delete(key);
      await tx.done;
    },
  };
}

/** The pictures of the database. */
export type ImageStore = ReturnType<typeof createImageStore>;
