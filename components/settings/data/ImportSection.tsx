import { useState } from 'preact/hooks';
import { updateSettings } from '../../../lib/settings/store';
import {
  checkBackupSize,
  importBackup,
  keepLocalSecrets,
  parseBackup,
  type ImportMode,
} from '../../../lib/backup/import';
import { countSections, describeCounts, type BackupFile } from '../../../lib/backup/format';
import { StatusLine, message, type Db, type Status } from './shared';

/** Reads a backup file, shows what it holds, and imports it after the user chose merge or replace. */
export function ImportSection({ db, onImported }: { db: Db; onImported: () => void }) {
  const [pending, setPending] = useState<{ backup: BackupFile; skipped: string[]; name: string } | null>(
    null,
  );
  const [mode, setMode] = useState<ImportMode>('merge');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again fires change again
    setPending(null);
    setStatus(null);
    setMode('merge');
    if (!file) return;
    const tooBig = checkBackupSize(file.size);
    if (tooBig) return setStatus({ kind: 'error', text: tooBig });
    setBusy(true);
    try {
      const result = parseBackup(await file.text());
      if (result.ok) setPending({ backup: result.backup, skipped: result.skipped, name: file.name });
      else setStatus({ kind: 'error', text: result.error });
    } catch (error) {
      setStatus({ kind: 'error', text: `The file could not be read (${message(error)}).` });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const result = await importBackup(db, pending.backup, {
        mode,
        saveSettings: (settings) => updateSettings((current) => keepLocalSecrets(settings, current)),
      });
      setPending(null);
      const text = `Imported ${describeCounts(result.counts)}.`;
      setStatus(
        result.settingsError
          ? { kind: 'error', text: `${text} ${result.settingsError}` }
          : { kind: 'done', text },
      );
      onImported();
    } catch (error) {
      setStatus({ kind: 'error', text: message(error) });
    } finally {
      setBusy(false);
    }
  };

  const exported = pending && new Date(pending.backup.exportedAt).toLocaleString();
  return (
    <section class="stack" aria-labelledby="h-import" aria-busy={busy}>
      <h3 id="h-import">Import</h3>
      <label>
        Import backup
        <input
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(e) => void choose(e.currentTarget)}
        />
      </label>
      {pending && (
        <form
          class="stack card"
          aria-label="Backup to import"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <p>
            {pending.name}, saved by Hearth {pending.backup.app.version} on {exported}, holds{' '}
            {describeCounts(countSections(pending.backup))}.
          </p>
          {pending.skipped.length > 0 && (
            <p class="muted">
              Left out, because this version of Hearth does not know them: {pending.skipped.join(', ')}.
            </p>
          )}
          <fieldset class="stack">
            <legend>How to import</legend>
            <label class="row">
              <input
                type="radio"
                name="import-mode"
                checked={mode === 'merge'}
                onChange={() => setMode('merge')}
              />
              Merge: add these records; a record already here with the same id is replaced by the file’s
            </label>
            <label class="row">
              <input
                type="radio"
                name="import-mode"
                checked={mode === 'replace'}
                onChange={() => setMode('replace')}
              />
              Replace: first delete what Hearth has in the kinds of data this file holds (replacing
              conversations also deletes their messages)
            </label>
          </fieldset>
          <div class="row">
            <button type="submit" disabled={busy}>
              Import now
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <StatusLine status={status} />
    </section>
  );
}
