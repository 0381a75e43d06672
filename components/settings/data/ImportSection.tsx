import { useState } from 'preact/hooks';
import { loadSettings, updateSettings } from '../../../lib/settings/store';
import {
  checkBackupSize,
  endpointChange,
  parseBackup,
  type EndpointChange,
  type ImportMode,
  type ImportResult,
} from '../../../lib/backup/import';
import { countSections, describeCounts, type BackupFile } from '../../../lib/backup/format';
import { StatusLine, message, type BackupService, type Status } from './shared';

/** Reads a backup file, shows what it holds, and imports it after the user chose merge or replace. */
export function ImportSection({ backup, onImported }: { backup: BackupService; onImported: () => void }) {
  const [pending, setPending] = useState<{
    backup: BackupFile;
    skipped: string[];
    name: string;
    /** Where the file's settings would send conversations, when that differs from now. */
    endpoint: EndpointChange | null;
  } | null>(null);
  const [mode, setMode] = useState<ImportMode>('merge');
  const [allowEndpoint, setAllowEndpoint] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again fires change again
    setPending(null);
    setStatus(null);
    setMode('merge');
    setAllowEndpoint(false);
    if (!file) return;
    const tooBig = checkBackupSize(file.size);
    if (tooBig) return setStatus({ kind: 'error', text: tooBig });
    setBusy(true);
    try {
      const result = parseBackup(await file.text());
      if (!result.ok) return setStatus({ kind: 'error', text: result.error });
      const settings = result.backup.sections.settings?.value;
      const endpoint = settings ? endpointChange(settings, (await loadSettings()).settings) : null;
      setPending({ backup: result.backup, skipped: result.skipped, name: file.name, endpoint });
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
      const result = await backup.importBackup(pending.backup, {
        mode,
        settings: { update: updateSettings },
        allowEndpointChange: allowEndpoint,
      });
      setPending(null);
      const text = `Imported ${describeCounts(result.counts)}.${endpointNote(result)}`;
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
          {pending.endpoint && (
            <fieldset class="stack">
              <legend>Where your conversations go</legend>
              <p>
                This file’s settings send your conversations to <strong>{pending.endpoint.to}</strong>. Now
                they go to {pending.endpoint.from}. Unless you tick the box, Hearth imports the other settings
                and keeps your current engine.
              </p>
              <label class="row">
                <input
                  type="checkbox"
                  name="allow-endpoint"
                  checked={allowEndpoint}
                  onChange={(e) => setAllowEndpoint(e.currentTarget.checked)}
                />
                Send my conversations to {pending.endpoint.to}
              </label>
            </fieldset>
          )}
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

/** What happened to the file's engine setting, as a sentence to append ('' when it did not differ). */
function endpointNote(result: ImportResult): string {
  if (!result.endpoint) return '';
  return result.endpoint.applied
    ? ` Your conversations now go to ${result.endpoint.to}.`
    : ` Your engine was kept: your conversations still go to ${result.endpoint.from}, not ${result.endpoint.to}.`;
}
