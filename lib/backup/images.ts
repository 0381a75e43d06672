import { z } from 'zod';
import type { ImageRecord } from '../images/image-store';
import { sniffImage } from '../images/image-generator';

/**
 * Pictures in a backup file: each record as stored, with the blob as base64 (`data`). A backup
 * carries at most this many bytes of pictures, newest first; older ones beyond it are left
 * out of the file (they stay in the browser).
 */
export const MAX_BACKUP_IMAGE_BYTES = 20 * 1024 * 1024;
/** One picture's most bytes in a backup, as base64 characters (16 MB decoded). */
const MAX_DATA_CHARS = Math.ceil((16 * 1024 * 1024 * 4) / 3) + 4;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(data: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** A picture as a backup file holds it; refused unless `data` decodes to the picture its `mime` names. */
export const ImageBackupRecord = z
  .object({
    id: z.string().min(1).max(200),
    messageId: z.string().min(1).max(200),
    conversationId: z.string().min(1).max(200),
    mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
    prompt: z.string().max(4000),
    createdAt: z.number(),
    data: z.string().min(1).max(MAX_DATA_CHARS),
  })
  .refine((r) => {
    const bytes = fromBase64(r.data);
    return bytes !== null && sniffImage(bytes) === r.mime;
  }, 'data is not the picture its mime type names');
/** A picture as a backup file holds it. */
export type ImageBackupRecord = z.infer<typeof ImageBackupRecord>;

/** The stored pictures as backup records: newest first, within {@link MAX_BACKUP_IMAGE_BYTES}. */
export async function imagesForBackup(
  rows: readonly ImageRecord[],
  limit = MAX_BACKUP_IMAGE_BYTES,
): Promise<{ records: ImageBackupRecord[]; leftOut: number }> {
  const records: ImageBackupRecord[] = [];
  let total = 0;
  let leftOut = 0;
  for (const row of [...rows].sort((a, b) => b.createdAt - a.createdAt)) {
    if (!(row.blob instanceof Blob) || total + row.blob.size > limit) {
      leftOut++;
      continue;
    }
    total += row.blob.size;
    const { blob, ...rest } = row;
    records.push({ ...rest, data: toBase64(new Uint8Array(await blob.arrayBuffer())) });
  }
  return { records, leftOut };
}

/** A backup's picture as it is stored again: the base64 back to a blob. */
export function imageFromBackup(record: Record<string, unknown>): Record<string, unknown> {
  const { data, ...rest } = record;
  const bytes = fromBase64(String(data)) ?? new Uint8Array();
  return { ...rest, blob: new Blob([bytes], { type: String(record.mime) }) };
}
