import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openHearthDb } from '../db/open';
import { createImageStore } from '../images/image-store';
import { exportBackup, serializeBackup } from './export';
import { importBackup, parseBackup } from './import';
import { imagesForBackup, MAX_BACKUP_IMAGE_BYTES } from './images';
import { TINY_PNG_BASE64 } from '../../test/support/scripted-media-server';

const png = Uint8Array.from(atob(TINY_PNG_BASE64), (c) => c.charCodeAt(0));
const picture = (id: string, createdAt: number, bytes: Uint8Array<ArrayBuffer> = png) => ({
  id,
  messageId: `m-${id}`,
  conversationId: 'c1',
  blob: new Blob([bytes], { type: 'image/png' }),
  mime: 'image/png' as const,
  prompt: 'a lighthouse',
  createdAt,
});

beforeEach(() => fakeBrowser.reset());

describe('pictures in backups', () => {
  it('exports pictures as base64 and imports them back as the same blobs', async () => {
    const db = await openHearthDb({ name: `backup-images-${crypto.randomUUID()}` });
    await createImageStore(db).put(picture('i1', Date.UTC(2026, 0, 1)));
    const text = serializeBackup(await exportBackup(db, { sections: ['images'], appVersion: '1' })).join('');
    expect(text).toContain(TINY_PNG_BASE64);
    db.close();

    const fresh = await openHearthDb({ name: `backup-images-${crypto.randomUUID()}` });
    const parsed = parseBackup(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const result = await importBackup(fresh, parsed.backup, { mode: 'replace' });
    expect(result.counts).toEqual({ images: 1 });
    const [back] = await createImageStore(fresh).forMessage('m-i1');
    expect(new Uint8Array(await back!.blob.arrayBuffer())).toEqual(png);
    expect(back!.blob.type).toBe('image/png');
    fresh.close();
  });

  it('keeps the newest pictures within the stated limit and leaves older ones out', async () => {
    const big = new Uint8Array(MAX_BACKUP_IMAGE_BYTES / 2 + 1);
    big.set(png);
    const rows = [picture('old', 1, big), picture('new', 3, big), picture('mid', 2, png)];
    const { records, leftOut } = await imagesForBackup(rows);
    expect(records.map((r) => r.id)).toEqual(['new', 'mid']);
    expect(leftOut).toBe(1);
  });

  it('refuses a backup picture that is not the image its type names', () => {
    const file = (data: string) =>
      JSON.stringify({
        format: 'hearth-backup',
        version: 1,
        exportedAt: '2026-01-01T00:00:00.000Z',
        app: { version: '1' },
        sections: {
          images: [
            {
              id: 'i',
              messageId: 'm',
              conversationId: 'c',
              mime: 'image/png',
              prompt: '',
              createdAt: Date.UTC(2026, 0, 1),
              data,
            },
          ],
        },
      });
    const bad = parseBackup(file(btoa('<script>alert(1)</script>')));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/images/);
    expect(parseBackup(file(TINY_PNG_BASE64)).ok).toBe(true);
  });
});
