import { useState } from 'preact/hooks';
import { countSections, describeCounts } from '../../../lib/backup/format';
import { StatusLine, downloadBackup, message, type BackupService, type Status } from './shared';

/** Saves a backup of everything, or of the memories only, as a file. */
export function ExportSection({ backup }: { backup: BackupService }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const run = async (scope: 'everything' | 'memories') => {
    setBusy(true);
    setStatus(null);
    try {
      const saved = await downloadBackup(backup, scope);
      setStatus({
        kind: 'done',
        text: `Saved ${describeCounts(countSections(saved.backup))} to ${saved.filename}.`,
      });
    } catch (error) {
      setStatus({ kind: 'error', text: message(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="stack" aria-labelledby="h-export">
      <h3 id="h-export">Export</h3>
      <p class="muted">
        A backup is one JSON file with your conversations, personas, memories and settings. Search data is
        left out (Hearth rebuilds it from the memories), and so is the key of your own server.
      </p>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => void run('everything')}>
          Export everything
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void run('memories')}>
          Export memories only
        </button>
      </div>
      <StatusLine status={status} />
    </section>
  );
}

/** The offer to save a backup before wiping. */
export function ExportFirst({ backup }: { backup: BackupService }) {
  const [status, setStatus] = useState<Status>(null);
  return (
    <>
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          try {
            const { filename } = await downloadBackup(backup, 'everything');
            setStatus({ kind: 'done', text: `Backup saved as ${filename}.` });
          } catch (error) {
            setStatus({ kind: 'error', text: message(error) });
          }
        }}
      >
        Download a backup first
      </button>
      <StatusLine status={status} />
    </>
  );
}
