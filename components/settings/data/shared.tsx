import type { BackupService } from '../../../lib/companion/options-services';
import { loadSettings } from '../../../lib/settings/store';
import { backupFilename, backupToBlob } from '../../../lib/backup/export';
import type { BackupFile } from '../../../lib/backup/format';

/** What the data sections work with: export, import and wipe over the database. */
export type { BackupService };

/** The outcome a section shows: an alert for errors, a status line otherwise. */
export type Status = { kind: 'error' | 'done'; text: string } | null;

export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Saves a file through an object URL and an <a download>, as a page without the downloads permission can. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser may start reading the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Exports a backup (everything, with the current settings, or the memories only) and downloads it. */
export async function downloadBackup(
  backup: BackupService,
  scope: 'everything' | 'memories',
): Promise<{ backup: BackupFile; filename: string }> {
  const file = await backup.exportBackup({
    sections: scope === 'memories' ? ['memories'] : undefined,
    settings: async () => (await loadSettings()).settings,
  });
  const filename = backupFilename(new Date(), scope);
  download(backupToBlob(file), filename);
  return { backup: file, filename };
}

/** A section's outcome, announced: errors as an alert, the rest as a status. */
export function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  return status.kind === 'error' ? (
    <div class="error" role="alert">
      {status.text}
    </div>
  ) : (
    <p role="status">{status.text}</p>
  );
}
