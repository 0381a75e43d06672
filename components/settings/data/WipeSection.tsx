import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isWipeConfirmed, WIPE_CONFIRMATION } from '../../../lib/backup/wipe';
import { describeCounts, type SectionCounts } from '../../../lib/backup/format';
import { ExportFirst } from './ExportSection';
import { StatusLine, message, type BackupService, type Status } from './shared';

/** Deletes everything after the user typed the confirmation word. */
export function WipeSection(props: {
  backup: BackupService;
  stored: SectionCounts | null;
  onWiped: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const confirmed = isWipeConfirmed(typed);

  const wipe = async () => {
    setBusy(true);
    try {
      const report = await props.backup.wipe({
        storage: { local: browser.storage.local, session: browser.storage.session },
      });
      const removed = Object.values(report.stores).reduce((a, b) => a + b, 0);
      setTyped('');
      setStatus({
        kind: 'done',
        text: `Everything was removed (${removed.toLocaleString('en')} records and your settings). Hearth starts afresh.`,
      });
      props.onWiped();
    } catch (error) {
      setStatus({ kind: 'error', text: message(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="stack" aria-labelledby="h-wipe">
      <h3 id="h-wipe">Wipe everything</h3>
      <p>
        This deletes everything Hearth keeps in this browser:{' '}
        {props.stored
          ? describeCounts({ ...props.stored, settings: 1 })
          : 'your conversations, personas, memories and settings'}
        . It cannot be undone. Downloaded models stay (remove language models under Engines and memory search
        models under Memories).
      </p>
      <div class="row">
        <ExportFirst backup={props.backup} />
      </div>
      <label>
        Type {WIPE_CONFIRMATION} to confirm
        <input
          value={typed}
          autoComplete="off"
          spellcheck={false}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <button type="button" class="danger" disabled={!confirmed || busy} onClick={() => void wipe()}>
          Wipe everything
        </button>
      </div>
      <StatusLine status={status} />
    </section>
  );
}
